"""What the million-claim bench asks each database for: the addresses of
its pages, read from the data itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import scale_data, scale_texts


@dataclass(frozen=True)
class Pages:
    """The addresses the bench measures in one database, and the words it
    searches for (what the data holds)."""

    claim: str
    speaker_big: str
    speaker: str
    article_big: str
    article: str
    search_zh: str
    search_en: str
    search_zh_rare: str
    search_en_rare: str
    topic: str
    rating: str
    big_article_claims: int
    list_pages: int


# The seed's words: "小米" / "xiaomi" are found in each of its 43 claims
# (whose articles are about Xiaomi), "百度" / "baidu" in two.
SEED_WORDS = (("小米", "xiaomi"), ("百度", "baidu"))


def pages_of(database: str) -> Pages:
    """The addresses to measure, read from the database itself."""
    import psycopg

    with psycopg.connect(scale_data.database_url(database)) as connection:

        def one(sql: str) -> Any:
            row = connection.execute(sql).fetchone()
            return row[0] if row else None

        public = "state IN ('published', 'retracted')"
        speakers = connection.execute(
            f"SELECT s.slug, count(*) FROM claims_claim c JOIN claims_speaker s "  # noqa: S608
            f"ON s.id = c.speaker_id WHERE {public} GROUP BY s.slug "
            "ORDER BY 2 DESC, 1"
        ).fetchall()
        articles = connection.execute(
            f"SELECT a.slug, count(*) FROM claims_claim c JOIN claims_article a "  # noqa: S608
            f"ON a.id = c.article_id WHERE {public} GROUP BY a.slug "
            "ORDER BY 2 DESC, 1"
        ).fetchall()
        first = one(
            f"SELECT id FROM claims_claim WHERE {public} "  # noqa: S608
            "AND slug LIKE 'claim-%' ORDER BY id LIMIT 1"
        )
        if first is None:
            # The seed (no generated claims): words its own claims hold, a
            # common one and one found in a single claim, so that its search
            # pages, like the large database's, list what they find.
            common, rare = SEED_WORDS
        else:
            common = ("通胀", "inflation")
            rare = scale_texts.rare_word(scale_texts.rare_word_of(first))
        return Pages(
            claim=one(
                f"SELECT slug FROM claims_claim WHERE {public} "  # noqa: S608
                "ORDER BY id LIMIT 1"
            ),
            speaker_big=speakers[0][0],
            speaker=speakers[len(speakers) // 2][0],
            article_big=articles[0][0],
            article=articles[len(articles) // 2][0],
            big_article_claims=articles[0][1],
            search_zh=common[0],
            search_en=common[1],
            # The rare word of the first public claim of the large database.
            search_zh_rare=rare[0],
            search_en_rare=rare[1],
            topic=one(
                "SELECT t.slug FROM claims_claim_topics ct JOIN claims_topic t "
                "ON t.id = ct.topic_id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1"
            )
            or "",
            rating=one(
                f"SELECT r.slug FROM claims_claim c JOIN claims_rating r "  # noqa: S608
                f"ON r.id = c.rating_id WHERE {public} GROUP BY r.slug "
                "ORDER BY count(*) DESC LIMIT 1"
            ),
            list_pages=max(
                1,
                -(
                    -int(one(f"SELECT count(*) FROM claims_claim WHERE {public}"))  # noqa: S608
                    // 50
                ),
            ),
        )


def figures(pages: Pages) -> list[tuple[str, str]]:
    """(figure, address) of every reader page and API list measured."""
    deep = min(200, pages.list_pages)
    rows = [
        ("home page", "/en/"),
        ("claim list, first page", "/en/claims/"),
        (f"claim list, page {deep}", f"/en/claims/?page={deep}"),
        (
            f"search, Chinese, common word ({pages.search_zh})",
            f"/zh-hans/claims/?q={pages.search_zh}",
        ),
        (
            f"search, English, common word ({pages.search_en})",
            f"/en/claims/?q={pages.search_en}",
        ),
        (
            f"search, Chinese, rare word ({pages.search_zh_rare})",
            f"/zh-hans/claims/?q={pages.search_zh_rare}",
        ),
        (
            f"search, English, rare word ({pages.search_en_rare})",
            f"/en/claims/?q={pages.search_en_rare}",
        ),
        (f"filter: rating={pages.rating}", f"/en/claims/?rating={pages.rating}"),
        ("filter: kind=prediction", "/en/claims/?kind=prediction"),
        ("filter: speaker (most quoted)", f"/en/claims/?speaker={pages.speaker_big}"),
        ("filter: article (most claims)", f"/en/claims/?article={pages.article_big}"),
        (f"filter: topic={pages.topic}", f"/en/claims/?topic={pages.topic}"),
        ("filter: deadline=passed", "/en/claims/?deadline=passed"),
        ("filter: deadline=upcoming", "/en/claims/?deadline=upcoming"),
        ("sort: deadline", "/en/claims/?sort=deadline"),
        ("speaker page, most quoted", f"/en/speakers/{pages.speaker_big}/"),
        ("speaker page, typical", f"/en/speakers/{pages.speaker}/"),
        (
            f"article page, most claims ({pages.big_article_claims:,})",
            f"/en/articles/{pages.article_big}/",
        ),
        ("article page, typical", f"/en/articles/{pages.article}/"),
        ("claim page", f"/en/claims/{pages.claim}/"),
        ("Atom feed of re-ratings", "/en/feed/"),
        ("claim feed", f"/en/claims/{pages.claim}/feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap, first claims file", "/sitemap-claims.xml?p=1"),
        ("API claim list", "/api/v1/claims/"),
        (
            f"API search ({pages.search_en})",
            f"/api/v1/claims/?search={pages.search_en}",
        ),
        ("API ClaimReview export, first page", "/api/v1/claimreview/"),
    ]
    return rows
