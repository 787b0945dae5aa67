"""Find the check-worthy sentences of an article: offline, on the CPU.

``intake.sentences`` cuts the text into sentences (Chinese 。！？；, English
. ! ? ;) and finds its furniture lines; here each sentence is scored from the
spans it carries: numbers, percentages, money, dates, comparisons and
rankings, future and commitment markers, attributions, quoted speech (not
scare quotes round a term: “轻量化”). Page furniture (navigation, share
buttons, adverts, comment rules, 责任编辑, copyright, editor's notes,
captions) and the writer's opinion weigh a sentence down: an evaluation
(或许, 坦白来说, 不失为) with no figure or date in it, or a question the
article asks, is hardly ever worth checking. Each candidate gets a suggested
claim kind, for predictions and promises the deadline its time expression
sets (``intake.deadlines``), and its speaker (``intake.speakers``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from . import deadlines
from .clauses import split_clauses
from .sentences import CAPTION, FURNITURE_WORDS, NOTE, furniture_lines, split_sentences
from .speakers import ArticleSpeakers, byline_author

# Claim kinds, as claims.models.ClaimKind values (no Django import needed).
STATISTIC, PREDICTION, PROMISE = "statistic", "prediction", "promise"
RANKING, ATTRIBUTION, FACT = "ranking", "attribution", "fact"


@dataclass(frozen=True)
class Span:
    start: int  # offsets within the sentence
    end: int
    label: str
    text: str

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
        }


@dataclass
class Candidate:
    sentence: str  # the quote: the sentence, or the clause of it, in its words
    position: int  # order of the candidate in the article, from 0
    offset: int  # where the quote starts in the article text
    spans: list[Span] = field(default_factory=list)
    score: float = 0.0
    kind: str = FACT
    deadline: deadlines.Deadline | None = None
    furniture: bool = False
    opinion: bool = False
    passed: bool = False  # the deadline ended before the article's date
    # The claim's wording: the quote, or for a clause the quote with the
    # sentence's speaker and subject carried over ("陈立明称，公司计划…").
    text: str = ""
    # The name in the claim's reporting verb (陈立明称, according to X), or
    # carried from the sentences before it (他表示, a quotation running on).
    speaker_name: str = ""
    # Said in the article's own voice (no reporting verb, or an unnamed
    # source): its speaker is the article's author (``speaker_name`` is the
    # byline's, or "" when the article has none).
    own_voice: bool = False

    def as_dict(self) -> dict:
        return {
            "sentence": self.sentence,
            "position": self.position,
            "offset": self.offset,
            "score": self.score,
            "kind": self.kind,
            "spans": [span.as_dict() for span in self.spans],
            "deadline": self.deadline.as_dict() if self.deadline else None,
            "furniture": self.furniture,
            "opinion": self.opinion,
            "passed": self.passed,
            "text": self.text or self.sentence,
            "speaker_name": self.speaker_name,
            "own_voice": self.own_voice,
        }


# --- spans --------------------------------------------------------------------------

_NUM = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
_CN_NUMERAL = r"[零〇一二两三四五六七八九十百千万亿]"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "percent",
        re.compile(
            rf"[-+]?{_NUM}\s*(?:%|％|个百分点|percentage points?|per ?cent)"
            rf"|百分之{_CN_NUMERAL}+(?:点{_CN_NUMERAL}+)?|{_CN_NUMERAL}成(?![员为功本])",
            re.I,
        ),
    ),
    (
        "money",
        re.compile(
            rf"(?:US\$|HK\$|RMB|[$¥￥€£])\s*{_NUM}\s*(?:[万亿千]+|million|billion|"
            rf"trillion|bn|m\b)?|(?:{_NUM}|{_CN_NUMERAL}+)\s*(?:[万亿千百]+)?\s*"
            rf"(?:元|美元|人民币|港元|港币|欧元|日元|英镑)|{_NUM}\s*(?:million|"
            rf"billion|trillion)?\s*(?:dollars|yuan|euros|pounds)",
            re.I,
        ),
    ),
    (
        "number",
        re.compile(
            rf"(?<![A-Za-z\d.-]){_NUM}\s*(?:[万亿]+)?(?:多|余)?\s*(?:个|位|名|家|款|台|"
            rf"辆|部|人|倍|次|亿|万|年|个月|天|小时|分钟|亿元|项|座|条|种|所|"
            rf"million|billion|thousand|people|times|units|years?|months?)?"
            rf"(?![A-Za-z\d])|{_CN_NUMERAL}{{1,4}}(?:多|余)?(?:个|位|名|家|款|台|辆|倍|"
            rf"次|项|座|条|种|亿|万|年|个月|天)(?![A-Za-z])",
            re.I,
        ),
    ),
    (
        "ranking",
        re.compile(
            r"第[一二三四五六七八九十\d]+|排名|排行|榜单?|最(?![终后近初])[\u4e00-\u9fff]{1,3}|"
            r"之一|首个|首家|首款|首次|唯一|领先|冠军|头部|龙头|[二三]号(?:人物|位)|"
            r"\b(?:largest|biggest|highest|lowest|fastest|slowest|most|least|"
            r"first|top|ranked|ranking|leading|record|only|number one|best|worst)\b",
            re.I,
        ),
    ),
    (
        "comparison",
        re.compile(
            r"超过|超越|高于|低于|多于|少于|不到|不足|不输|翻番|翻倍|增长|下降|同比|"
            r"环比|上涨|下跌|增至|降至|达到|突破|接近|相比|持平|微跌|"
            r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater|"
            r"increase[sd]?|decrease[sd]?|rose|fell|grew|doubled|tripled|over|"
            r"above|below|compared|than)\b",
            re.I,
        ),
    ),
    (
        "commitment",
        re.compile(
            r"计划|力争|目标|争取|承诺|打算|誓|保证|确保|官宣|宣布|量产|押|"
            r"不准备|将继续|将加大|"
            # an action the speaker's side will take: 将于6月底开始交付
            r"(?:将|要|拟)[^，。,；]{0,15}?(?:推出|交付|上线|建成|投产|开启|开业|"
            r"发布|落地|量产|开通|覆盖)|"
            r"\b(?:plans?|planned|pledge[sd]?|promise[sd]?|commit(?:s|ted)?|"
            r"aims?|target(?:s|ed)?|intends?|vow(?:s|ed)?|will launch|"
            r"will (?:deliver|build|open|start|begin|ship|release|roll out|"
            r"introduce))\b",
            re.I,
        ),
    ),
    (
        "future",
        re.compile(
            r"将(?!近)|即将|预计|预期|预测|有望|可能会|会是|要等到|未来|明年|"
            r"年底|年内|今后|等我们|再给|行将|"
            r"\b(?:will|would|expects?|expected|forecasts?|predicts?|predicted|"
            r"likely|is set to|are set to|is going to|are going to|next year|"
            r"by (?:the end of )?\d{4})\b",
            re.I,
        ),
    ),
    (
        "attribution",
        re.compile(
            r"据[^，,。]{0,20}?(?:显示|称|报道|统计|数据)|(?:数据|报告|信息|调查|研究)显示|"
            r"根据|表示|指出|透露|强调|直言|断言|宣布|回应|坦言|发文|称|(?<![来小])说(?![明服])|"
            r"的话说|出自|名言|官方|传闻|提出|"
            r"\b(?:according to|said|says|told|announced|stated|claimed|reported|"
            r"estimated|data (?:from|show)|survey|study)\b",
            re.I,
        ),
    ),
    (
        # The present as the time of a statement: 至今未露真容, "so far".
        "present",
        re.compile(r"至今|迄今|如今|截至目前|\b(?:so far|to date)\b", re.I),
    ),
    (
        "quote",
        re.compile(r"“[^”]{4,}”|「[^」]{4,}」|\"[^\"]{8,}\""),
    ),
]
_OPINION = re.compile(
    r"或许|恐怕|想必|似乎|显然|不言而喻|坦白来说|我认为|我们认为|笔者|可谓|更像是|"
    r"不容小觑|心知肚明|毫无疑问|众所周知|难以|不失为|真心|无奈|焦虑|鸡汤|梦想|"
    r"喜欢|反感|令人意外|遗憾|如果|假如|要知道|所谓|不难看出|必然|更像|想象空间|"
    r"固然|不失为|总是|一如|根本上|本质上|归根结底|说到底|并不容易|不容易|真的|"
    r"我称|我们可以|在我看来|不得不说|"
    r"\b(?:I think|we think|arguably|perhaps|in my view|in our view|should|"
    r"seems?|obviously|clearly|surely|of course)\b",
    re.I,
)
# A question: the sentence (outside its quotations) ends in a question mark.
_QUESTION = re.compile(r"(?:[？?]|[吗呢][。]?)[”’\"」』)）]*\s*$")
_QUOTATION = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"")
# Spans that a statement of fact needs: a figure or a date.
_FIGURES = frozenset({"percent", "money", "number", "date"})

_WEIGHTS = {
    "percent": 2.2,
    "money": 2.0,
    "number": 1.3,
    "date": 1.0,
    "ranking": 1.2,
    "comparison": 0.8,
    "commitment": 1.0,
    "future": 1.0,
    "attribution": 1.0,
    "quote": 0.7,
    "present": 0.5,
}
# Further spans of a label add less than the first.
_REPEAT_FACTOR = 0.35


def find_spans(sentence: str, *, written_on: date) -> list[Span]:
    spans: list[Span] = []
    for deadline in deadlines.find_time_expressions(sentence, written_on=written_on):
        if _CLOCK.fullmatch(deadline.text):
            continue  # "这三点": a bare clock time, if a time at all, dates nothing
        spans.append(Span(deadline.begin, deadline.stop, "date", deadline.text))
    for label, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if label == "number" and (
                _inside(m.start(), m.end(), spans)
                or _ONE_OF_A_KIND.fullmatch(m[0])
                or m[0][0] in "百千万亿"  # 百倍信心, 万众: a manner of speaking
            ):
                continue
            if label == "quote" and not _speech(sentence, m):
                continue
            if label in ("percent", "money") or not _inside(m.start(), m.end(), spans):
                spans.append(Span(m.start(), m.end(), label, m[0].strip()))
    # A number inside a percentage or an amount of money is not counted twice.
    strong = [s for s in spans if s.label in ("percent", "money", "date")]
    spans = [
        s
        for s in spans
        if s.label != "number" or not _inside(s.start, s.end, strong, strict=False)
    ]
    return sorted(spans, key=lambda s: (s.start, -s.end))


_CLOCK = re.compile(r"[零〇一二两三四五六七八九十\d]{1,3}点(?:钟|半)?")
# "一个", "一家": an article, not a count.
_ONE_OF_A_KIND = re.compile(r"一(?:个|位|名|家|款|台|辆|部|次|项|座|条|种)")
# What a quotation of speech is introduced by: a colon, a comma, a reporting verb.
_SPEECH_BEFORE = re.compile(
    r"(?:[：:]|称|说|道|表示|透露|强调|指出|直言|坦言|宣布|官宣|提出|问|答|写|"
    r"\b(?:said|says|told|wrote|asked|added))\s*$",
    re.I,
)


def _speech(sentence: str, quotation: re.Match[str]) -> bool:
    """A quotation of someone's words, not scare quotes round a term (“轻量化”):
    it holds punctuation, or is long, or a colon or reporting verb precedes it."""
    words = quotation[0][1:-1]
    return (
        bool(re.search(r"[，,。！？!?；;：:]", words))
        or len(words) >= 12
        or bool(_SPEECH_BEFORE.search(sentence[: quotation.start()]))
    )


def _inside(start: int, end: int, spans: list[Span], strict: bool = True) -> bool:
    for span in spans:
        if strict and span.start <= start and end <= span.end:
            return True
        if not strict and start < span.end and span.start < end:
            return True
    return False


def _raw_score(spans: list[Span]) -> float:
    seen: Counter[str] = Counter()
    total = 0.0
    for span in spans:
        weight = _WEIGHTS[span.label]
        total += weight * (_REPEAT_FACTOR ** min(seen[span.label], 3))
        seen[span.label] += 1
    return total


def suggest_kind(spans: list[Span], deadline: deadlines.Deadline | None) -> str:
    labels = {span.label for span in spans}
    if "future" in labels or ("commitment" in labels and deadline is not None):
        return PROMISE if "commitment" in labels else PREDICTION
    if labels & {"percent", "money"} or (
        "number" in labels and labels & {"comparison"}
    ):
        return STATISTIC
    if "ranking" in labels:
        return RANKING
    if labels & {"attribution", "quote"}:
        return ATTRIBUTION
    if "number" in labels:
        return STATISTIC
    return FACT


# Wording that sets a deadline rather than dates an event: 2025年底前, by 2025.
_BY_WORDING = re.compile(r"前|底|末|内|\b(?:by|before|until|end of)\b", re.I)


def _deadline(
    sentence: str, spans: list[Span], written_on: date
) -> deadlines.Deadline | None:
    """The sentence's deadline; one already past when the article was written
    only when it reads as a deadline ("2025年底前") or the sentence looks ahead,
    not a past date that only dates an announcement ("2023年宣布")."""
    found = deadlines.deadline_in(sentence, written_on=written_on)
    if found is None or found.end >= written_on:
        return found
    looks_ahead = any(span.label == "future" for span in spans)
    return found if looks_ahead or _BY_WORDING.search(found.text) else None


def score_sentence(
    sentence: str, *, written_on: date, furniture: bool = False, quoted: bool = False
) -> Candidate:
    """The sentence's candidate. ``quoted``: the sentence lies inside a
    quotation opened before it, so its words are the quoted speaker's."""
    spans = find_spans(sentence, written_on=written_on)
    if quoted and not any(span.label == "quote" for span in spans):
        spans.append(Span(0, len(sentence), "quote", sentence))
    raw = _raw_score(spans)
    # The writer's own words: opinion in a quotation is the speaker's, and
    # a question quoted is no question the article asks.
    own_words = "" if quoted else _QUOTATION.sub("“”", sentence)
    opinion_hits = len(_OPINION.findall(own_words))
    question = bool(_QUESTION.search(own_words))
    furniture = (
        furniture
        or len(FURNITURE_WORDS.findall(sentence)) >= 2
        or bool(CAPTION.search(sentence))
        or bool(NOTE.search(sentence))
    )
    figures = any(span.label in _FIGURES for span in spans)
    pure_opinion = opinion_hits > 0 and not figures
    if pure_opinion:
        raw *= 0.15  # an evaluation with nothing in it to check
    else:
        raw -= 0.8 * min(opinion_hits, 3)
    if question:
        raw *= 0.1
    length = len(sentence)
    if length < 8:
        raw *= 0.4
    elif length > 200:
        raw *= 0.8
    if furniture:
        raw *= 0.05
    raw = max(raw, 0.0)
    kind_deadline = None
    kind = suggest_kind(spans, None)
    if kind in (PREDICTION, PROMISE) or any(s.label == "commitment" for s in spans):
        kind_deadline = _deadline(sentence, spans, written_on)
        kind = suggest_kind(spans, kind_deadline)
    return Candidate(
        sentence=sentence,
        position=0,
        offset=0,
        spans=spans,
        score=round(raw / (raw + 3.0), 3),
        kind=kind,
        deadline=kind_deadline if kind in (PREDICTION, PROMISE) else None,
        furniture=furniture,
        opinion=pure_opinion or opinion_hits > 0 and raw < 1.0 or question,
        passed=bool(
            kind in (PREDICTION, PROMISE)
            and kind_deadline
            and kind_deadline.end < written_on
        ),
    )


def suggest(text: str, *, written_on: date, min_score: float = 0.0) -> list[Candidate]:
    """Every claim of ``text`` scored, in article order: one candidate per
    sentence, or per clause where a sentence holds several (``intake.clauses``).

    Candidates scoring below ``min_score`` are left out; sort by
    ``Candidate.score`` for the most check-worthy first.
    """
    furniture = furniture_lines(text)
    speakers = ArticleSpeakers(byline_author(text))
    candidates = []
    for offset, sentence, paragraph in split_sentences(text):
        quoted = speakers.inside_quotation(paragraph)
        whole = score_sentence(
            sentence,
            written_on=written_on,
            furniture=paragraph in furniture,
            quoted=quoted,
        )
        whole.offset = offset
        found = _claims_of(whole, written_on=written_on)
        for candidate in found:
            candidate.position = len(candidates)
            candidates.append(candidate)
        speakers.attribute(found, sentence)
    speakers.finish()
    return [c for c in candidates if c.score >= min_score]


def _claims_of(whole: Candidate, *, written_on: date) -> list[Candidate]:
    """The sentence's candidate, or one per clause when it holds several."""
    if whole.furniture:
        return [whole]
    times = [(s.start, s.end) for s in whole.spans if s.label == "date"]
    # "至今", "so far": the present, the time of a statement of how things are.
    times += [(s.start, s.end) for s in whole.spans if s.label == "present"]
    clauses = split_clauses(whole.sentence, sorted(times))
    if clauses is None:
        return [whole]
    found = []
    for clause in clauses:
        quote = whole.sentence[clause.start : clause.end]
        own = score_sentence(quote, written_on=written_on)
        claim = score_sentence(clause.text, written_on=written_on)
        own.score = max(own.score, claim.score)
        own.kind, own.deadline, own.passed = claim.kind, claim.deadline, claim.passed
        own.offset = whole.offset + clause.start
        own.text = clause.text
        found.append(own)
    return found


def top_candidates(
    text: str, *, written_on: date, limit: int = 40, min_score: float = 0.05
) -> list[Candidate]:
    """The ``limit`` most check-worthy sentences, best first."""
    ranked = sorted(
        suggest(text, written_on=written_on, min_score=min_score),
        key=lambda c: (-c.score, c.position),
    )
    return ranked[:limit]
