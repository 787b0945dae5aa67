"""Who a claim is attributed to: the name in its reporting verb.

"陈立明称", "星海科技董事长陈立明表示", "据中国汽车工业协会统计", "Xinghai said",
"according to the China Passenger Car Association", "said Jane Li": the name
(a person's, after any title, or an organisation's) is proposed as the
claim's speaker. Pronouns and unnamed sources (他, 公司, 业内人士, "the company",
"analysts") name nobody in the sentence itself: a pronoun or a reporting
verb without a subject (他表示, 并透露) refers back to the last speaker named
before it (``ArticleSpeakers`` carries it, and a quotation running on
over several sentences); an unnamed source (有分析人士, "analysts", 数据显示)
is the article's own voice, vouched for by its author; an unnamed
organisation (公司表示, "the company said") or a quotation in the first
person with no verb is someone's, left for the names in the text to tell.
A statement the article makes in its own voice is proposed as the byline's
author's (作者|小满). Matching the name against the known speakers is the
services' part (``intake.services.speaker_for``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .spotter import Candidate

# How a statement is attributed.
NAMED = "named"  # to a name in its reporting verb: 陈立明称, according to X
REFERS_BACK = "refers_back"  # to a speaker named before it: 他表示, 并透露
OWN_VOICE = "own_voice"  # to nobody but the article: no verb, or 有分析人士称
UNRESOLVED = "unresolved"  # to an organisation left unnamed: 公司表示, "it said"

_CN_VERB = (
    r"(?:声称|称|表示|表明|(?<![来小])说(?![明服])|指出|透露|强调|介绍|宣布|官宣|直言|"
    r"坦言|预计|预测|认为|承诺|回应|提出|发文|誓言|断言|坦承|声明|写道|重申|披露|"
    r"证实|否认|警告|呼吁|估计)"
)
# Where the words were posted, between the name and the verb: 雷军发布动态表明.
_CN_MEDIUM = (
    r"(?:在(?:微博|社交媒体|朋友圈|发布会|会上)上?)?"
    r"(?:发布(?:动态|微博|文章)|发(?:微博|帖|文))?"
)
# 用雷军的话说: the name inside.
_CN_IN_WORDS = re.compile(r"用(?P<name>[\u4e00-\u9fffA-Za-z·]{2,12})的话(?:来)?说")
_CN_NAME = r"[\u4e00-\u9fffA-Za-z0-9·&\s]{1,24}?"
# X称 / X表示 at the start of the text or of a clause.
_CN_SAYS = re.compile(
    rf"(?:^|[，,；;。：:”\"]\s*)(?P<name>{_CN_NAME})\s*{_CN_MEDIUM}{_CN_VERB}"
    # 雷军对于自己成功的解读：“… — the name's reading of something, then its words.
    rf"|(?:^|[，,；;。：:”\"]\s*)(?P<name3>{_CN_NAME})对(?:于)?[^，,。：:“”]{{1,15}}的"
    r"(?:解读|评价|回应|回答|说法|总结|看法)\s*[：:]"
)
# A reporting verb without a subject at the start: 并透露…, 还表示…, 表示…
_CN_NO_SUBJECT = re.compile(
    r"^(?:并且|并|还|也|同时|随后)?\s*(?:再次)?"
    r"(?:表示|透露|强调|指出|称|坦言|直言|回应|补充说|(?<![来小])说(?![明服]))"
)
# A "name" that is an adverbial phrase (谈到…问题时表示): the verb has no subject.
_CN_ADVERBIAL = re.compile(r"(?:时|上|中|后|前|期间|之际)$")
# 据X统计 / 据X介绍 / X的数据显示 / X发布的报告显示
_CN_ACCORDING = re.compile(
    rf"(?:据|根据)(?P<name>{_CN_NAME})(?:的)?(?:统计|数据|介绍|报道|消息|显示|称|发布)"
    rf"|(?P<name2>{_CN_NAME})(?:的数据|发布的(?:报告|数据)|的报告)显示"
)
_CN_TRAIL_WORDS = re.compile(r"(?:也|还|则|就|更|都|曾|再次|又|亦|此前|自己|本人)+$")
# Words no name holds: the "name" is a piece of the sentence.
_CN_NOT_A_NAME = re.compile(r"[的是与时在了着把被从对或，,]")
_CN_LEAD_WORDS = re.compile(
    r"^(?:此外|同时|对此|另外|其中|不过|但是|但|而|并|还|也|此前|随后|会上|当天|"
    r"今天|昨天|日前|近日|最近|目前|其实|便是|就是|正是|乃是)+"
)
# Titles: the name is what follows the last one (星海科技董事长陈立明 -> 陈立明).
_CN_TITLE = re.compile(
    r"董事长|总裁|首席执行官|首席财务官|CEO|CFO|COO|CTO|创始人|总经理|副总裁|发言人|"
    r"负责人|分析师|主任|部长|局长|院长|教授|经理|总监|主席|秘书长|合伙人|研究员"
)
# Words that point back at a speaker named before: 他表示, "she said".
_CN_POINTER = re.compile(r"^(?:他|她|他们|她们|其|他还|她还)$")
_EN_POINTER = frozenset({"he", "she", "they"})
# An organisation left unnamed: its statement is its own, but nobody is named.
_CN_UNNAMED_ORG = re.compile(r"^(?:公司|该公司|对方|官方|有关方面|该集团|集团)$")
_EN_UNNAMED_ORG = frozenset(
    {"it", "the company", "the firm", "the group", "the carmaker", "the automaker"}
    | {"the maker", "its company"}
)
_CN_NOBODY = re.compile(
    r"^(?:他|她|他们|她们|我|我们|你|公司|该公司|对方|官方|有关方面|业内人士|"
    r"知情人士|有关人士|相关负责人|负责人|分析人士|有分析人士|专家|有专家|外界|"
    r"市场|报告|数据|消息|媒体|有媒体|文章|此|这|其|该|本)$"
)

_EN_NAME = (
    r"(?:[A-Z][\w&.'’-]*)(?:\s+(?:(?:of|for|and|de|the)\s+)?[A-Z][\w&.'’-]*){0,5}"
)
_EN_SAYS = re.compile(
    rf"(?:[Aa]ccording\s+to\s+(?:[Tt]he\s+)?(?P<a>{_EN_NAME})"
    rf"|(?P<b>{_EN_NAME})\s+(?:said|says|told|announced|stated|estimated|reported)"
    rf"|(?:said|says|told\s+\w+)\s+(?P<c>{_EN_NAME})"
    # An unnamed subject in lower case: "the company said", "analysts said".
    r"|\b(?P<d>(?:[Tt]he|[Ii]ts)\s+(?:company|firm|group|carmaker|automaker|maker)"
    r"|[Aa]nalysts|[Ss]ources|[Oo]fficials|[Ee]xperts|[Ii]t|[Hh]e|[Ss]he|[Tt]hey)"
    r"\s+(?:said|says|told|announced|stated|estimated|reported|added))"
)
_EN_NOBODY = frozenset(
    {"it", "he", "she", "they", "we", "i", "you", "the company", "the firm"}
    | {"analysts", "officials", "sources"}
)
_EN_TITLE = re.compile(
    r"^(?:(?:Chief|Executive|Financial|Operating|Technology|Officer|President|"
    r"Chairman|Chairwoman|Founder|Director|Analyst|Spokesperson|Spokesman|"
    r"Spokeswoman|CEO|CFO|Vice|Senior|General|Manager|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+)+"
)


# A byline on a line of its own: 作者|小满, 文/王芳, 记者 王芳, "By Jane Li".
_BYLINE = re.compile(
    r"^\s*(?:(?:作者|文|撰文|记者|Author)\s*[|｜:：/]?\s*"
    r"(?P<cn>[\u4e00-\u9fff·A-Za-z]{2,12}(?:\s+[A-Za-z]+)?)"
    r"|By\s+(?P<en>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}))\s*$",
    re.MULTILINE,
)


def byline_author(text: str) -> str:
    """The author named in the article's byline, or ""; the claims the article
    makes in its own voice are the author's."""
    m = _BYLINE.search(text)
    return (m["cn"] or m["en"]).strip() if m else ""


@dataclass(frozen=True)
class Attribution:
    how: str  # NAMED, REFERS_BACK, OWN_VOICE or UNRESOLVED
    name: str = ""  # the name, for NAMED


def attribution(text: str) -> Attribution:
    """Who the text's reporting verb attributes it to (see the module's doc)."""
    if _CN_NO_SUBJECT.match(text.strip()):
        return Attribution(REFERS_BACK)
    for m in _CN_IN_WORDS.finditer(text):
        return Attribution(NAMED, m["name"])
    for pattern in (_CN_SAYS, _CN_ACCORDING):
        for m in pattern.finditer(text):
            words = (
                m["name"] or m.groupdict().get("name2") or m.groupdict().get("name3")
            )
            words = words or ""
            name = _chinese_name(words)
            if name:
                return Attribution(NAMED, name)
            found = _unnamed(words)
            if found:
                return found
    for m in _EN_SAYS.finditer(text):
        words = m["a"] or m["b"] or m["c"] or m["d"]
        name = "" if m["d"] else _english_name(words)
        if name:
            return Attribution(NAMED, name)
        found = _unnamed(words)
        if found:
            return found
    if _FIRST_PERSON_QUOTATION.search(text):
        # Someone speaks in it, unnamed here: the names in the text tell who.
        return Attribution(UNRESOLVED)
    return Attribution(OWN_VOICE)


# A quotation in the first person (“这将是我人生中…”): someone's own words.
_FIRST_PERSON_QUOTATION = re.compile(
    r"“[^”]*(?:我|我们|咱们)[^”]*(?:”|$)|\"[^\"]*\b(?:I|we|We|my|our|Our)\b[^\"]*\""
)


def reported_speaker(text: str) -> str | None:
    """The name in the text's reporting verb; "" when the verb's subject is
    unnamed (他表示, "the company said"); None when there is no reporting verb.
    """
    found = attribution(text)
    if found.how == NAMED:
        return found.name
    if found.how == OWN_VOICE and not _has_unnamed_source(text):
        return None
    return ""


def _has_unnamed_source(text: str) -> bool:
    for pattern in (_CN_SAYS, _CN_ACCORDING):
        for m in pattern.finditer(text):
            words = (
                m["name"] or m.groupdict().get("name2") or m.groupdict().get("name3")
            )
            if _unnamed(words or ""):
                return True
    return any(
        _unnamed(m["a"] or m["b"] or m["c"] or m["d"]) for m in _EN_SAYS.finditer(text)
    )


def _unnamed(words: str) -> Attribution | None:
    """A pronoun (他: refers back), an unnamed organisation (公司, "the
    company") or an unnamed source (有分析人士, "analysts": the article's own
    voice); None for words that are no subject at all."""
    cleaned = _CN_TRAIL_WORDS.sub("", _CN_LEAD_WORDS.sub("", words.strip())).strip()
    english = _EN_TITLE.sub("", words.strip()).strip(" .,").lower()
    if _CN_POINTER.match(cleaned) or english in _EN_POINTER:
        return Attribution(REFERS_BACK)
    if cleaned and _CN_ADVERBIAL.search(cleaned) and len(cleaned) <= 24:
        return Attribution(REFERS_BACK)
    if _CN_UNNAMED_ORG.match(cleaned) or english in _EN_UNNAMED_ORG:
        return Attribution(UNRESOLVED)
    if (
        _CN_NOBODY.match(cleaned)
        or english in _EN_NOBODY
        or english.startswith(("the ", "its "))
    ):
        return Attribution(OWN_VOICE)
    return None


def name_matches(proposed: str, names: set[str]) -> bool:
    """A proposed name is one of the names, or the start of one
    ("Counterpoint" for "Counterpoint Research")."""
    wanted = proposed.strip().casefold()
    if len(wanted) < 2:
        return False
    for name in names:
        known = name.casefold()
        if known and (wanted == known or known.startswith(wanted + " ")):
            return True
    return False


def _chinese_name(words: str) -> str:
    name = _CN_LEAD_WORDS.sub("", words.strip()).strip()
    name = _CN_TRAIL_WORDS.sub("", name).strip()
    if _CN_NOT_A_NAME.search(name):
        return ""
    titles = list(_CN_TITLE.finditer(name))
    if titles and titles[-1].end() < len(name):
        name = name[titles[-1].end() :].strip()
    if len(name) < 2 or _CN_NOBODY.match(name) or re.search(r"\d", name):
        return ""
    return name


def _english_name(words: str) -> str:
    name = _EN_TITLE.sub("", words.strip()).strip(" .,")
    if name.lower() in _EN_NOBODY or name.lower().startswith(("the ", "its ")):
        return ""
    if name.split()[0].lower() in {"it", "he", "she", "they", "we", "i"}:
        return ""
    return name


# A sentence that is a quotation and nothing else: “全力以赴，坚决拥抱。”
_BARE_QUOTATION = re.compile(r"^[“\"「『][^“”\"「」『』]+[”\"」』][。.!！?？]?$")


class ArticleSpeakers:
    """Who each claim is attributed to, sentence after sentence.

    A named speaker (陈立明称) is remembered: a pronoun or a reporting verb
    without a subject (他表示, 并透露) in the next sentences is theirs, and
    so is a quotation running on over several sentences. A sentence that is
    a bare quotation is the speaker's named next to it (the sentence before
    it in its paragraph, else the one after it). Anything else without a
    named speaker is the article's own voice: its byline's author.
    """

    def __init__(self, author: str):
        self.author = author
        self.last = ""  # the last speaker named
        self.last_paragraph = -1
        self.paragraph = -1
        self.depth = 0  # quotation marks left open
        self.quoting = ""  # who the open quotation is
        self.waiting: list[Candidate] = []  # bare quotations seeking a speaker

    def inside_quotation(self, paragraph: int) -> bool:
        if paragraph != self.paragraph:
            self.depth, self.paragraph = 0, paragraph
            if self.last_paragraph < paragraph - 1:
                self.last = ""
        return self.depth > 0

    def attribute(self, found: list[Candidate], sentence: str) -> None:
        inside = self.depth > 0
        bare = not inside and bool(_BARE_QUOTATION.match(sentence))
        named = ""
        for candidate in found:
            said = attribution(candidate.text or candidate.sentence)
            if said.how == NAMED:
                candidate.speaker_name = said.name
                named = named or said.name
            elif inside and said.how == OWN_VOICE and self.quoting:
                candidate.speaker_name = self.quoting
            elif said.how == REFERS_BACK or (
                said.how == OWN_VOICE and bare and self.last_paragraph == self.paragraph
            ):
                candidate.speaker_name = self.last
            elif said.how == OWN_VOICE and bare:
                self.waiting.append(candidate)
            elif said.how == OWN_VOICE:
                candidate.speaker_name, candidate.own_voice = self.author, True
        if named:
            for waiting in self.waiting:
                waiting.speaker_name = named
            self.waiting = []
            self.last, self.last_paragraph = named, self.paragraph
        elif not bare:
            self.finish()
        opened = sentence.count("“") - sentence.count("”")
        if self.depth == 0 and opened > 0:
            said_by = (c.speaker_name for c in found if not c.own_voice)
            self.quoting = named or next(said_by, "")
        self.depth = max(self.depth + opened, 0)

    def finish(self) -> None:
        """Bare quotations nobody was named next to: the article's own."""
        for waiting in self.waiting:
            waiting.speaker_name, waiting.own_voice = self.author, True
        self.waiting = []
