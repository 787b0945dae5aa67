"""A million claims in PostgreSQL in minutes, by set-based SQL.

Every table is filled with ``INSERT ... SELECT ... FROM generate_series``:
claims, their evidence (three links each, spread over ``HOSTS`` hosts),
speakers, articles, topics, further appearances, public re-ratings and the
search documents. Python only segments the few distinct texts the rows are
made of (templates, rare words, speaker names, article titles), once each,
with the project's own ``claims.search.text.index_tokens``; the database
repeats them. The secondary indexes of the large tables are dropped while
their rows go in and built again afterwards (one sort instead of a million
index insertions).

The rows follow what the site expects to hold: most claims public, some
drafts, in review or retracted; predictions and promises with deadlines in
the past and in the future, rated or still in progress; reviews due over
half a year, a tenth of them overdue; one article quoted by about a thousand
claims; speakers quoted very unevenly (a few by thousands of claims).
Texts are Chinese with an English rendering (a tenth written in English),
made of a few common words (each in a twentieth of all claims or more) and
many rare ones (each in about fifty claims at a million).
"""

# Every statement here is made of this module's constants and column names;
# every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import processes, scale_texts
from .scale_texts import (
    ANALYSIS,
    ANALYSIS_EN,
    EVIDENCE_TITLES,
    EXPLANATION,
    EXPLANATION_EN,
    RARE_WORDS,
)

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"
)
SCALE_DATABASE = os.environ.get("BENCH_SCALE_DATABASE", "tracker_scale")
SEED_DATABASE = os.environ.get("BENCH_SEED_DATABASE", "tracker_g")

CLAIMS = 1_000_000
SPEAKERS = 5_000
ARTICLES = 50_000
TOPICS = 40
HOSTS = 20_000
EVIDENCE_PER_CLAIM = 3
# One article is the first appearance of one claim in this many.
BIG_ARTICLE_EVERY = 1_000


@dataclass
class BuildReport:
    claims: int
    steps: list[tuple[str, float]] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(seconds for _step, seconds in self.steps)


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def database_url(name: str) -> str:
    return f"{POSTGRES_URL}/{name}"


def database_create(name: str) -> str:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    return database_url(name)


def database_drop(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def claim_count(name: str) -> int:
    """How many claims database ``name`` holds; 0 when it does not answer."""
    import psycopg

    try:
        with psycopg.connect(database_url(name), connect_timeout=3) as connection:
            row = connection.execute("SELECT count(*) FROM claims_claim").fetchone()
    except psycopg.Error:
        return 0
    return int(row[0]) if row else 0


def database_size(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres") as connection:
        row = connection.execute(
            "SELECT pg_size_pretty(pg_database_size(%s))", [name]
        ).fetchone()
    return row[0] if row else "?"


def manage(args: list[str], *, env: dict, log: Path) -> None:
    """``manage.py`` in a process of its own, on the database in ``env``."""
    with log.open("a") as output:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            env=env,
            cwd=processes.ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=True,
        )


# --- The SQL -----------------------------------------------------------------

# Three independent pseudo-random numbers per row number g (multiplicative
# hashing: deterministic, spread evenly, no random() so a rerun is alike),
# written for statements with parameters (%% is a percent sign).
H1 = "((g::bigint * 2654435761) %% 1000003)"
H2 = "((g::bigint * 40503 + 12345) %% 999983)"
H3 = "((g::bigint * 69069 + 1) %% 1000033)"


def _ids(cursor, table: str, column: str = "slug") -> dict[str, int]:
    cursor.execute(f"SELECT {column}, id FROM {table}")  # noqa: S608 - fixed names
    return dict(cursor.fetchall())


def _secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, definition) of ``table``'s indexes that back no constraint."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [table],
    )
    return cursor.fetchall()


def _reset_sequence(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
        f"(SELECT coalesce(max(id), 1) FROM {table}))"
    )


def data_create(claims: int = CLAIMS, *, log=print) -> BuildReport:
    """Fill the (migrated, empty) database Django is connected to."""
    from django.db import connection
    from django.utils import timezone

    report = BuildReport(claims=claims)
    now = timezone.now()
    today = timezone.localdate()

    def step(name: str, sql: str, params: list | dict = ()) -> None:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.rowcount
        seconds = time.perf_counter() - started
        report.steps.append((name, seconds))
        log(f"scale data: {name}: {max(rows, 0):,} rows in {seconds:.1f} s")

    started = time.perf_counter()
    texts = scale_texts.texts(SPEAKERS)
    report.steps.append(("segment the distinct texts", time.perf_counter() - started))
    log(f"scale data: texts segmented in {report.steps[-1][1]:.1f} s")

    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET work_mem = '64MB'")
        ratings = _ids(cursor, "claims_rating")
        reasons = _ids(cursor, "claims_reasoncode")
        for table, columns in (
            ("scale_template", "n int PRIMARY KEY, zh text, en text, tokens text"),
            ("scale_rare", "n int PRIMARY KEY, zh text, en text, tokens text"),
            ("scale_speaker", "n int PRIMARY KEY, zh text, en text, tokens text"),
            (
                "scale_title",
                "n int PRIMARY KEY, zh text, en text, outlet text, outlet_en text, "
                "tokens text",
            ),
        ):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE UNLOGGED TABLE {table} ({columns})")
        for table, rows in (
            ("scale_template", texts["templates"]),
            ("scale_rare", texts["rare"]),
            ("scale_speaker", texts["speakers"]),
            ("scale_title", texts["titles"]),
        ):
            marks = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
        cursor.execute("ANALYZE scale_template, scale_rare, scale_speaker, scale_title")
        dropped: list[tuple[str, str]] = []
        for table in (
            "claims_claim",
            "claims_evidence",
            "claims_claimsearchdocument",
            "claims_claim_topics",
            "claims_appearance",
        ):
            for name, definition in _secondary_indexes(cursor, table):
                cursor.execute(f'DROP INDEX "{name}"')
                dropped.append((name, definition))
        from claims.search.text import index_tokens

        explanation_tokens = index_tokens(f"{EXPLANATION}\n{EXPLANATION_EN}")
        analysis_tokens = index_tokens(
            "\n".join(
                [ANALYSIS, ANALYSIS_EN] + [f"{zh}\n{en}" for zh, en in EVIDENCE_TITLES]
            )
        )

    step(
        f"{SPEAKERS:,} speakers",
        "INSERT INTO claims_speaker (id, created_at, updated_at, name, name_en, slug, "
        "description, description_en, same_as, is_organisation) "
        "SELECT n, %s, %s, zh, en, 'speaker-' || n, "
        "zh || '是一位经常公开发言的官员。', "
        "en || ' is an official who often speaks in public.', '', n %% 10 = 0 "
        "FROM scale_speaker",
        [now, now],
    )
    titles = len(texts["titles"])
    step(
        f"{ARTICLES:,} articles",
        "INSERT INTO claims_article (id, created_at, updated_at, slug, title, "
        "title_en, "
        "publisher, publisher_en, author, url, published_on, date_note, language) "
        "SELECT g, %s, %s, 'article-' || g, t.zh || '（第' || g || '期）', "
        "t.en || ' (no. ' || g || ')', t.outlet, t.outlet_en, '', "
        "'https://news' || (g %% 500) || '.example/articles/' || g, "
        "%s::date - (g %% 1460), '', 'zh-hans' "
        f"FROM generate_series(1, %s) g JOIN scale_title t ON t.n = {H2} %% %s",
        [now, now, today, ARTICLES, titles],
    )
    step(
        f"{TOPICS} topics",
        "INSERT INTO claims_topic (id, slug, name, name_en) "
        "SELECT g, 'topic-' || g, '话题' || g, 'Topic ' || g "
        "FROM generate_series(1, %s) g",
        [TOPICS],
    )

    # Kinds by g % 10: 0-2 prediction, 3 promise, then the other five.
    kinds = (
        "(ARRAY['prediction','prediction','prediction','promise','statistic',"
        "'statistic','fact','attribution','ranking','opinion'])[1 + g %% 10]"
    )
    deadline = "(g %% 10 < 4)"
    due_end = f"(%(today)s::date + ({H3} %% 1461 - 730)::int)"
    passed = f"({due_end} < %(today)s::date)"
    # State by H1 % 100: 85 published, 2 retracted, 8 drafts, 5 in review.
    state = (
        f"CASE WHEN {H1} %% 100 < 85 THEN 'published' "
        f"WHEN {H1} %% 100 < 87 THEN 'retracted' "
        f"WHEN {H1} %% 100 < 95 THEN 'draft' ELSE 'in_review' END"
    )

    def array(slugs: list[str]) -> str:
        return "ARRAY[" + ",".join(str(ratings[slug]) for slug in slugs) + "]"

    passed_ratings = ["kept", "broken", "compromise", "stalled", "in-progress"]
    open_ratings = ["in-progress", "not-yet-rated", "stalled"]
    veracity = [
        "true", "mostly-true", "half-true", "mostly-false", "false",
        "misleading", "unproven",
    ]  # fmt: skip
    rating = (
        f"CASE WHEN {deadline} AND {passed} THEN "
        f"({array(passed_ratings)})[1 + {H2} %% 5] "
        f"WHEN {deadline} THEN ({array(open_ratings)})[1 + {H2} %% 3] "
        f"ELSE ({array(veracity)})[1 + {H2} %% 7] END"
    )
    reason_of = " ".join(
        f"WHEN {ratings[slug]} THEN {reasons[reason]}"
        for slug, reason in (
            ("broken", "not-delivered"),
            ("false", "data-contradicts"),
            ("misleading", "data-contradicts"),
        )
    )
    templates = len(texts["templates"])
    english = "g %% 10 = 9"
    text_en = (
        "upper(left(t.en, 1)) || substr(t.en, 2) || ', ' || w.en "
        "|| ' (no. ' || g || ')'"
    )
    reviewed = f"%(now)s::timestamptz - ({H3} %% 200) * interval '1 day'"
    # The article: one claim in BIG_ARTICLE_EVERY is in article 1, the rest
    # spread over the others; the speaker: skewed (a few speakers say a lot).
    sql = f"""
        INSERT INTO claims_claim (
            id, created_at, updated_at, slug, text, text_en, quote, language,
            attribution_note, attribution_note_en, position, kind, claimed_on,
            due_start, due_end, due_precision, due_text, rating_explanation,
            rating_explanation_en, analysis, analysis_en, rated_at, state,
            published_at, retracted_at, retraction_reason, retraction_reason_en,
            last_reviewed_at, review_interval, next_review_at, version,
            article_id, rating_id, speaker_id, review_comment, submitted_at,
            reason_code_id)
        SELECT g, p - interval '1 day', p, 'claim-' || g,
            CASE WHEN {english} THEN {text_en}
                 ELSE t.zh || '，' || w.zh || '（第' || g || '号）' END,
            CASE WHEN {english} THEN '' ELSE {text_en} END,
            CASE WHEN {english} THEN '' ELSE t.zh END,
            CASE WHEN {english} THEN 'en' ELSE 'zh-hans' END,
            '', '', g, {kinds}, (p - interval '3 days')::date,
            CASE WHEN {deadline} THEN {due_end} - 181 END,
            CASE WHEN {deadline} THEN {due_end} END,
            CASE WHEN {deadline} THEN 'half' ELSE '' END,
            CASE WHEN {deadline}
                THEN extract(year FROM {due_end})::int || '年上半年' ELSE '' END,
            %(explanation)s, %(explanation_en)s, %(analysis)s, %(analysis_en)s,
            CASE WHEN r IS NOT NULL THEN p END,
            s, CASE WHEN s IN ('published', 'retracted') THEN p END,
            CASE WHEN s = 'retracted' THEN p + interval '2 days' END,
            CASE WHEN s = 'retracted' THEN '原始数据有误。' ELSE '' END,
            CASE WHEN s = 'retracted' THEN 'The source data were wrong.' ELSE '' END,
            CASE WHEN s <> 'draft' THEN {reviewed} END,
            interval '180 days',
            CASE WHEN s <> 'draft' THEN {reviewed} + interval '180 days' END,
            1,
            CASE WHEN g %% {BIG_ARTICLE_EVERY} = 0 THEN 1
                 ELSE 2 + {H3} %% (%(articles)s - 1) END,
            r, 1 + floor(%(speakers)s * power({H2} / 999983.0, 2))::int, '',
            CASE WHEN s = 'in_review' THEN %(now)s::timestamptz - interval '1 day' END,
            CASE r {reason_of} END
        FROM (
            SELECT g, s,
                least(%(now)s::timestamptz - interval '1 hour',
                      %(now)s::timestamptz - ((%(claims)s - g)::float8 / %(claims)s)
                      * interval '1460 days' - interval '1 hour') AS p,
                CASE WHEN s = 'draft' AND {H2} %% 4 = 0 THEN NULL ELSE {rating} END AS r
            FROM (SELECT g, {state} AS s FROM generate_series(1, %(claims)s) g) numbered
        ) c
        JOIN scale_template t ON t.n = g %% %(templates)s
        JOIN scale_rare w ON w.n = (g::bigint * 7919) %% %(rare)s
    """
    step(
        f"{claims:,} claims",
        sql,
        {
            "today": today,
            "now": now,
            "claims": claims,
            "templates": templates,
            "rare": RARE_WORDS,
            "articles": ARTICLES,
            "speakers": SPEAKERS,
            "explanation": EXPLANATION,
            "explanation_en": EXPLANATION_EN,
            "analysis": ANALYSIS,
            "analysis_en": ANALYSIS_EN,
        },
    )
    step(
        "topics of the claims (1 or 2 each)",
        "INSERT INTO claims_claim_topics (claim_id, topic_id) "
        "SELECT g, 1 + g %% %s FROM generate_series(1, %s) g "
        "UNION ALL "
        "SELECT g, 1 + (g / %s + 7) %% %s FROM generate_series(1, %s) g "
        f"WHERE {H2} %% 3 = 0 AND (g / %s + 7) %% %s <> g %% %s",
        [TOPICS, claims, TOPICS, TOPICS, claims, TOPICS, TOPICS, TOPICS],
    )
    step(
        "further appearances (a fifth of the claims)",
        "INSERT INTO claims_appearance "
        "(claim_id, article_id, position, quote, created_at) "
        f"SELECT g, 2 + ({H1} * 13) %% %s, 0, '', %s FROM generate_series(1, %s) g "
        f"WHERE {H1} %% 5 = 0",
        [ARTICLES - 1, now, claims],
    )
    # Link health: 85% ok, 5% dead, 4% moved, 3% changed, 3% not checked;
    # checks spread over the week (``next_check_at``), a few due now.
    health = (
        "CASE WHEN h < 85 THEN 'ok' WHEN h < 90 THEN 'dead' WHEN h < 94 THEN 'moved' "
        "WHEN h < 97 THEN 'changed' ELSE 'unchecked' END"
    )
    step(
        f"{claims * EVIDENCE_PER_CLAIM:,} evidence links over {HOSTS:,} hosts",
        "INSERT INTO claims_evidence (id, created_at, updated_at, url, title, "
        "title_en, "
        "publisher, publisher_en, published_on, date_text, note, note_en, stance, "
        "position, health, http_status, final_url, etag, last_modified, content_hash, "
        "consecutive_failures, first_failed_at, health_detail, last_checked_at, "
        "next_check_at, claim_id, language) "
        "SELECT (g - 1) * 3 + i, %s, %s, "
        "'https://site' || (((g::bigint * 3 + i) * 7919) %% %s) || '.example/docs/' "
        "|| g || '-' || i, "
        "(ARRAY[%s, %s, %s])[i] || '（' || g || '）', (ARRAY[%s, %s, %s])[i], "
        "'', '', %s::date - (g %% 1460), '', '', '', "
        "(ARRAY['supports', 'refutes', 'context'])[i], i, hs, "
        "CASE hs WHEN 'ok' THEN 200 WHEN 'dead' THEN 404 WHEN 'moved' THEN 200 "
        "WHEN 'changed' THEN 200 END, "
        "CASE WHEN hs = 'moved' "
        "THEN 'https://moved' || (g %% 97) || '.example/' || g ELSE '' END, "
        "'', '', CASE WHEN hs <> 'unchecked' THEN md5(g::text || i) ELSE '' END, "
        "CASE WHEN hs = 'dead' THEN 3 ELSE 0 END, "
        "CASE WHEN hs = 'dead' THEN %s::timestamptz - interval '3 days' END, "
        "CASE WHEN hs = 'moved' THEN 'redirects' ELSE '' END, "
        "CASE WHEN hs <> 'unchecked' "
        "THEN %s::timestamptz - (m %% 10080) * interval '1 minute' END, "
        "CASE WHEN hs <> 'unchecked' "
        "THEN %s::timestamptz - (m %% 10080) * interval '1 minute' "
        "+ interval '7 days' - interval '5 hours' "
        # A link never checked is due at once (its first snapshot).
        "ELSE %s::timestamptz - (m %% 60) * interval '1 minute' END, "
        "g, 'zh-hans' "
        "FROM (SELECT g, i, "
        f"((g::bigint * 3 + i) * 2654435761 %% 1000003) %% 100 AS h, "
        f"((g::bigint * 3 + i) * 40503 %% 999983) AS m "
        "FROM generate_series(1, %s) g, generate_series(1, 3) i) e, "
        f"LATERAL (SELECT {health} AS hs) x",
        [
            now, now, HOSTS,
            *(zh for zh, _en in EVIDENCE_TITLES), *(en for _zh, en in EVIDENCE_TITLES),
            today, now, now, now, now, claims,
        ],
    )  # fmt: skip
    step(
        "public re-ratings (one claim in 50)",
        "INSERT INTO claims_ratingchange (kind, reason, reason_en, changed_at, "
        "changed_by_id, claim_id, from_rating_id, to_rating_id) "
        "SELECT CASE WHEN c.id %% 2 = 0 THEN 'update' ELSE 'correction' END, "
        "'新的官方数据公布后重新评级。', 'Re-rated after new official data.', "
        "least(c.published_at + interval '30 days', %s), NULL, c.id, o.id, c.rating_id "
        "FROM claims_claim c JOIN claims_rating r ON r.id = c.rating_id "
        "JOIN LATERAL (SELECT id FROM claims_rating o WHERE o.scale_id = r.scale_id "
        "AND o.id <> r.id ORDER BY o.position LIMIT 1) o ON true "
        "WHERE c.state IN ('published', 'retracted') AND c.id %% 50 = 0",
        [now],
    )
    step(
        f"{claims:,} search documents",
        "INSERT INTO claims_claimsearchdocument "
        "(claim_id, words_a, words_b, words_c, words_d) "
        "SELECT c.id, t.tokens || ' ' || w.tokens || ' ' || c.id, "
        "CASE WHEN c.quote <> '' THEN t.tokens || ' ' ELSE '' END || sp.tokens, "
        "ti.tokens || ' ' || a.id || ' ' || %s, %s "
        "FROM claims_claim c "
        "JOIN scale_template t ON t.n = c.id %% %s "
        "JOIN scale_rare w ON w.n = (c.id * 7919) %% %s "
        "JOIN scale_speaker sp ON sp.n = c.speaker_id "
        "JOIN claims_article a ON a.id = c.article_id "
        "JOIN scale_title ti "
        "ON ti.n = ((a.id::bigint * 40503 + 12345) %% 999983) %% %s",
        [
            explanation_tokens,
            analysis_tokens,
            templates,
            RARE_WORDS,
            titles,
        ],
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _name, definition in dropped:
            cursor.execute(definition)
        for table in ("claims_speaker", "claims_article", "claims_topic",
                      "claims_claim", "claims_evidence", "claims_claim_topics",
                      "claims_appearance", "claims_ratingchange"):  # fmt: skip
            _reset_sequence(cursor, table)
        for table in ("scale_template", "scale_rare", "scale_speaker", "scale_title"):
            cursor.execute(f"DROP TABLE {table}")
    report.steps.append(
        (f"rebuild {len(dropped)} indexes", time.perf_counter() - started)
    )
    log(f"scale data: {len(dropped)} indexes rebuilt in {report.steps[-1][1]:.1f} s")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    report.steps.append(("VACUUM ANALYZE", time.perf_counter() - started))
    log(f"scale data: VACUUM ANALYZE in {report.steps[-1][1]:.1f} s")
    with connection.cursor() as cursor:  # kept by triggers as the claims go in
        cursor.execute(
            "SELECT count(*) FROM (SELECT rating_id, count(*) n FROM claims_claim "
            "WHERE state IN ('published', 'retracted') GROUP BY rating_id) c "
            "FULL JOIN claims_ratingtally t USING (rating_id) WHERE rating_id "
            "IS NOT NULL AND coalesce(n, 0) <> coalesce(t.public_claims, 0)"
        )
        if cursor.fetchone()[0]:
            raise RuntimeError("the rating tally does not match the claims")
    return report
