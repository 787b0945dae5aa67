"""An article's layout: its sentences, and the lines that are page furniture.

The first half of the spotter (``intake.spotter`` scores what this module
cuts out): sentences end at Chinese 。！？；, English . ! ? ; or a paragraph
break (a full stop after an abbreviation or an initial does not end
one); headings, captions, repeated lines and the page's tail (related
articles, share buttons, comment rules) are furniture.
"""

from __future__ import annotations

import re
from collections import Counter

# --- sentences ------------------------------------------------------------------

# A sentence ends at 。！？；!?; (with any closing quotes after it), at an
# English full stop followed by a space (see ``_full_stop_ends``), or at an
# ellipsis; a paragraph break always ends one.
_SENTENCE_END = re.compile(
    r"[。！？；!?;]+[”’」』\"')）]*|\.(?=\s)[”’\"')]*|…{1,2}[”’\"]?"
)
# Words whose full stop is part of the word: titles, company suffixes, Latin
# and month abbreviations. Compared in lower case, without the full stop.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "capt",
        "rev",
        "hon",
        "inc",
        "ltd",
        "co",
        "corp",
        "plc",
        "llc",
        "bros",
        "dept",
        "univ",
        "est",
        "approx",
        "vs",
        "etc",
        "al",
        "e.g",
        "i.e",
        "cf",
        "fig",
        "no",
        "nos",
        "vol",
        "pp",
        "ed",
        "eds",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "ph.d",
    ]
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _full_stop_ends(line: str, stop: int) -> bool:
    """Whether the full stop at ``line[stop]`` (followed by a space) ends a sentence.

    It does after a number ("in 2027. According to ...") or an ordinary word,
    also in capitals ("... at CATL. The"); it does not after an abbreviation
    ("Mr.", "U.S.", "Inc."), a single initial ("J. Smith") or when the next
    word starts in lower case ("approx. three").
    """
    rest = line[stop + 1 :].lstrip()
    if rest[:1].islower():
        return False
    word = _WORD_BEFORE.search(line[:stop])
    if word is None:
        return True
    token = word[1]
    if len(token) == 1 and token.isupper():
        return False  # an initial
    if "." in token:
        return token.lower().rstrip(".") not in _ABBREVIATIONS and not re.fullmatch(
            r"(?:[A-Za-z]\.)+[A-Za-z]", token
        )
    return token.lower() not in _ABBREVIATIONS


def _ends(line: str):
    for end in _SENTENCE_END.finditer(line):
        if end[0].startswith(".") and not _full_stop_ends(line, end.start()):
            continue
        yield end


# A dateline or byline at the start of a paragraph: not part of any claim.
# （示例财经日报 2026年11月28日）, 新华社北京11月28日电, 本报讯（记者 王芳）,
# "BEIJING, Nov 28 (Reuters) -", "By Jane Li |".
_DATELINE = re.compile(
    r"^\s*(?:"
    r"[（(【\[][^（()）【】\[\]\n]{0,40}?(?:\d{1,2}\s*月\s*\d{1,2}\s*日|"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|记者|通讯员|电)[^（()）【】\[\]\n]{0,20}[）)】\]]"
    r"|[\u4e00-\u9fff]{0,12}\d{1,2}月\d{1,2}日电(?:[（(][^）)]{1,30}[）)])?"
    r"|[\u4e00-\u9fff]{1,10}讯(?:[（(][^）)]{1,30}[）)])?"
    r"|[A-Z][A-Za-z .'-]{1,30},\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+)?"
    r"\((?:Reuters|AP|AFP|Bloomberg|Xinhua|Caixin)\)\s*[-—–]+"
    r"|By\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s*[|—–-]"
    r")\s*[，,:：]?\s*"
)
# A photo caption or credit: 图为…, 图片来源：…, （张三 摄）, "Photo: ...".
CAPTION = re.compile(
    r"^\s*(?:图为|图片来源|图源|图[:：/]|摄影[:：]|视频截图|截图[:：]|[▲△↑]|"
    r"(?:Photo|Image|Picture|Caption|Credit)s?\s*[:：])"
    r"|[（(][^（）()]{0,20}摄[）)]\s*$|\((?:Photo|Image)[^()]{0,60}\)\s*$",
    re.IGNORECASE,
)

# An editor's note or boilerplate: 编者按：…, （完）, 本文仅代表作者观点,
# "Editor's note: ...", "This article has been updated".
NOTE = re.compile(
    r"^\s*[（(【\[]?\s*(?:编者按|编者注|编辑注|作者注|注[:：]|附[:：]|声明[:：]|"
    r"本文(?:仅代表|不代表|系|为|来源|转载|首发|经授权)|文章(?:仅代表|不代表)|"
    r"(?:Editor|Editors)[’']?s?\s+note|Disclaimer|This (?:article|story) "
    r"(?:has been|was) (?:updated|corrected|amended))"
    r"|^\s*[（(【\[]\s*(?:完|全文完|END)\s*[）)】\]]\s*$",
    re.IGNORECASE,
)


def dateline_end(line: str) -> int:
    """Where the text of a paragraph starts after its dateline or byline (0: none)."""
    m = _DATELINE.match(line)
    return m.end() if m and m.end() < len(line.rstrip()) else 0


def split_sentences(text: str) -> list[tuple[int, str, int]]:
    """(offset, sentence, paragraph number) for every sentence of ``text``.

    A dateline or byline opening a paragraph is left out.
    """
    sentences = []
    paragraph_number = 0
    position = 0
    for raw_line in text.splitlines(keepends=True):
        line_offset = position
        position += len(raw_line)
        line = raw_line.rstrip("\r\n")
        if not line.strip():
            continue
        paragraph_number += 1
        cursor = dateline_end(line)
        for end in _ends(line):
            if end.end() <= cursor:
                continue
            _add(sentences, line, cursor, end.end(), line_offset, paragraph_number)
            cursor = end.end()
        _add(sentences, line, cursor, len(line), line_offset, paragraph_number)
    return sentences


def _add(sentences, line, begin, end, line_offset, paragraph_number) -> None:
    piece = line[begin:end]
    stripped = piece.strip()
    if not stripped or not re.search(r"\w", stripped):
        return
    begin += len(piece) - len(piece.lstrip())
    sentences.append((line_offset + begin, stripped, paragraph_number))


# --- furniture --------------------------------------------------------------------

FURNITURE_WORDS = re.compile(
    r"责任编辑|编辑[:：]|来源[:：]|原标题|版权|©|copyright|all rights reserved|"
    r"广告|推荐内容|相关阅读|相关文章|延伸阅读|热门推荐|猜你喜欢|二维码|扫一扫|扫码|"
    r"关注公众号|公众号[:：]|分享到|分享本文|复制链接|收藏|点赞|转发|转载|免责声明|"
    r"资料图片|图片来源|仅供参考|推广|合作|会员|兑换|优惠券|羽毛|评分|评论|举报|"
    r"违规|禁言|封停|账号|帐号|用户|本网站|本平台|本公约|注册|登录|下载APP|"
    r"subscribe|newsletter|sign up|log in|cookies?|privacy policy|terms of use|"
    r"share (?:this|on)|follow us|advertisement|sponsored|related (?:articles|stories)|"
    r"read more|click here|comments?\b",
    re.IGNORECASE,
)
# A line that starts the page furniture after the article body.
_TAIL_START = re.compile(
    r"^\s*(?:推荐内容|相关阅读|相关文章|延伸阅读|热门推荐|猜你喜欢|责任编辑.*|"
    r"分享到.*|Related (?:articles|stories)|Read more|Share this.*|Advertisement)\s*$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[。！？；!?;.…][”’」』\"')）]*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)、）]|[（(]\d+[)）]|[一二三四五六七八九十]+、)")


def furniture_lines(text: str) -> set[int]:
    """Numbers (1-based, non-empty lines) of the lines that are page furniture.

    Headings, captions and repeated lines are furniture; so is everything
    from the start of the page's tail (a "推荐内容" / "Related articles"
    line, or a run of short lines with share buttons and the like) on.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    counts = Counter(lines)
    furniture: set[int] = set()
    body_seen = False
    tail_from: int | None = None
    for index, line in enumerate(lines, start=1):
        prose = len(line) >= 25 and bool(_TERMINAL.search(line))
        if prose:
            body_seen = True
        if counts[line] > 1 or not _TERMINAL.search(line) and len(line) < 40:
            furniture.add(index)
        if tail_from is None and body_seen and _starts_tail(lines, index - 1):
            tail_from = index
    if tail_from is not None:
        furniture.update(range(tail_from, len(lines) + 1))
    return furniture


def _starts_tail(lines: list[str], at: int) -> bool:
    if _TAIL_START.match(lines[at]):
        return True
    run = lines[at : at + 4]
    return (
        len(run) == 4
        and all(len(line) < 25 and not _TERMINAL.search(line) for line in run)
        and any(FURNITURE_WORDS.search(line) for line in run)
    )
