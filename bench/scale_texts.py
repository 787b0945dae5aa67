"""The texts of the million-claim bench (``bench.scale_data``): a few common
words and many rare ones, in Chinese and English, segmented once each with
the project's own ``claims.search.text.index_tokens``."""

from __future__ import annotations

# How many rare words: each is in about 50 claims at a million.
RARE_WORDS = 20_000

# Common words: each subject is in a twentieth of the claims, each
# predicate in a twenty-fifth.
SUBJECTS = [
    ("电动车销量", "electric car sales"), ("房价", "house prices"),
    ("失业率", "unemployment"), ("通胀", "inflation"),
    ("出口额", "exports"), ("高铁里程", "railway mileage"),
    ("粮食产量", "grain harvest"), ("芯片产能", "chip capacity"),
    ("碳排放", "carbon emissions"), ("人均收入", "income per person"),
    ("医保覆盖率", "health insurance coverage"), ("出生人口", "births"),
    ("外资投资", "foreign investment"), ("养老金", "pensions"),
    ("光伏装机", "solar capacity"), ("城镇化率", "urbanisation"),
    ("快递业务量", "parcel deliveries"), ("旅游收入", "tourism revenue"),
    ("研发投入", "research spending"), ("地方债务", "local debt"),
]  # fmt: skip
PREDICATES = [
    ("将在明年翻一番", "will double next year"),
    ("去年增长了百分之十二", "grew by twelve percent last year"),
    ("已经位居世界第一", "already ranks first in the world"),
    ("三年内下降一半", "will halve within three years"),
    ("创下历史新高", "reached a record high"),
    ("比五年前少了三成", "is down by thirty percent on five years ago"),
    ("超过了所有邻国", "exceeds every neighbouring country"),
    ("将在年底前达到目标", "will meet its target by the end of the year"),
    ("连续十个季度上升", "rose for ten quarters in a row"),
    ("与官方统计不符", "differs from the official statistics"),
    ("到二〇三〇年增加两倍", "will triple by 2030"),
    ("在全国排名前三", "ranks in the top three nationally"),
    ("保持了稳定增长", "kept growing steadily"),
    ("首次出现下降", "fell for the first time"),
    ("比计划提前两年完成", "was met two years ahead of plan"),
    ("已经恢复到疫情前水平", "is back to its pre-pandemic level"),
    ("占全球总量的四成", "makes up forty percent of the world total"),
    ("下个月将公布新数据", "will see new data published next month"),
    ("远低于国际平均水平", "is far below the international average"),
    ("在过去十年里停滞不前", "stagnated over the past decade"),
    ("会随着新政策大幅改善", "will improve sharply under the new policy"),
    ("是由于统计口径变化", "is due to a change in how it is counted"),
    ("每年带来上千亿元收入", "brings in over a hundred billion yuan a year"),
    ("被国际机构多次引用", "has been cited by international bodies"),
    ("在农村地区尤其明显", "is most marked in rural areas"),
]  # fmt: skip
OUTLETS = [
    ("新华社", "Xinhua"), ("人民日报", "People's Daily"), ("财新", "Caixin"),
    ("第一财经", "Yicai"), ("澎湃新闻", "The Paper"), ("界面新闻", "Jiemian"),
    ("南方周末", "Southern Weekly"), ("经济观察报", "Economic Observer"),
    ("中国日报", "China Daily"), ("环球时报", "Global Times"),
]  # fmt: skip
# Characters and syllables of the rare words and of speakers' names.
RARE_HAN = (
    "鸾鹂鹈鹕鹞鹫鸩鹳鹭鹦鹉鸬鹚麒麟貔貅獬豸犀兕鲲鹏蛟螭虬蜃鼋鼍夔饕餮梼杌"
    "琮璜琥珑瑗璋瑾瑜璇玑珩琚瑶璀璨琳琅玳瑁珐琅翡翠玛瑙琥珀砗磲珊瑚瑭琨"
    "峤岑岚峦嶂巘崂崆峒嵩岱岷峨崤函嶙峋崎岖巍峨嵯峨岧峣崔嵬嵘嵚"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力斌宇浩凯鹏飞鑫波宁晨欣怡琪佳雪梅琳颖婷"  # noqa: E501
CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aiou"


def _syllables(number: int, count: int) -> str:
    letters = []
    for _ in range(count):
        letters.append(CONSONANTS[number % len(CONSONANTS)])
        number //= len(CONSONANTS)
        letters.append(VOWELS[number % len(VOWELS)])
        number //= len(VOWELS)
    return "".join(letters)


def rare_word(number: int) -> tuple[str, str]:
    """The ``number``-th rare word: three uncommon characters, and an
    invented English word of three syllables (nothing a stemmer cuts)."""
    size = len(RARE_HAN)
    han = (
        RARE_HAN[number % size]
        + RARE_HAN[(number // size) % size]
        + RARE_HAN[(number * 7 + number // (size * size)) % size]
    )
    return han, _syllables(number * 7 + 3, 3)


def rare_word_of(claim: int) -> int:
    """The number of the rare word in claim ``claim``'s text."""
    return (claim * 7919) % RARE_WORDS


def speaker_name(number: int) -> tuple[str, str]:
    surname = SURNAMES[number % len(SURNAMES)]
    given = (
        GIVEN[(number // len(SURNAMES)) % len(GIVEN)] + GIVEN[(number * 7) % len(GIVEN)]
    )
    english = f"{_syllables(number, 1).title()} {_syllables(number * 3 + 1, 2).title()}"
    return surname + given, english


def texts(speaker_count: int) -> dict[str, list[tuple]]:
    from claims.search.text import index_tokens

    templates = []
    for s, (subject, subject_en) in enumerate(SUBJECTS):
        for p, (predicate, predicate_en) in enumerate(PREDICATES):
            text = f"{subject}{predicate}"
            text_en = f"{subject_en} {predicate_en}"
            templates.append(
                (
                    s * len(PREDICATES) + p,
                    text,
                    text_en,
                    index_tokens(f"{text}\n{text_en}"),
                )
            )
    rare = []
    for number in range(RARE_WORDS):
        han, english = rare_word(number)
        rare.append((number, han, english, index_tokens(f"{han}\n{english}")))
    speakers = []
    for number in range(speaker_count):
        name, name_en = speaker_name(number)
        speakers.append((number + 1, name, name_en, index_tokens(f"{name}\n{name_en}")))
    titles = []
    for o, (outlet, outlet_en) in enumerate(OUTLETS):
        for s, (subject, subject_en) in enumerate(SUBJECTS):
            title = f"{outlet}调查：{subject}背后的数字"
            title_en = f"{outlet_en} investigates the figures behind {subject_en}"
            titles.append(
                (
                    o * len(SUBJECTS) + s,
                    title,
                    title_en,
                    outlet,
                    outlet_en,
                    index_tokens(f"{title}\n{title_en}"),
                )
            )
    return {
        "templates": templates,
        "rare": rare,
        "speakers": speakers,
        "titles": titles,
    }


EXPLANATION = "官方统计年鉴中的数字与此说法不一致，差距超过一成。"
EXPLANATION_EN = (
    "The official statistical yearbook gives a figure more than a tenth apart."
)
ANALYSIS = (
    "我们查阅了**统计年鉴**和相关部门的公开数据。\n\n"
    "- 数据来自官方发布。\n- 口径前后一致。\n"
)
ANALYSIS_EN = (
    "We read the **statistical yearbook** and the departments' published data.\n\n"
    "- The data are official.\n- The definitions did not change.\n"
)
EVIDENCE_TITLES = [
    ("国家统计局年度数据", "National Bureau of Statistics annual data"),
    ("部门新闻发布会实录", "Transcript of the department's press conference"),
    ("行业协会月度报告", "Industry association monthly report"),
]
