"""When each evidence link is checked, and which links one tick hands out.

Every link carries its due time (``Evidence.next_check_at``), on a partial
index of the scheduled links. A tick reads the first due ones from that
index and nothing else, so its cost follows the batch, not the table:

- a new link is due at once (its first snapshot); after a check it is due
  on its own slot of the check interval (``evidence_check_slot``): the slots
  of all links spread evenly over the interval, whenever they were added;
- failures keep their own rules (``evidence_checks``: a second look after
  ``EVIDENCE_DEAD_AFTER_DAYS``, transient failures retried by the task);
- a link not to be checked (no address, blocked by robots.txt or the
  fetcher's rules, or its claim neither published nor in review) leaves the
  index when a tick meets it (``next_check_at`` None), and comes back when
  its claim is submitted or published (``evidence_schedule_claim``) or its
  address is edited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from claims.models import Claim, Evidence, LinkHealth

from .host_pacing import host_of, host_paces, host_turns_plan
from .scans import WATCHED_STATES

# The fractional part of the golden ratio: multiples of it are spread as
# evenly as any sequence can be over [0, 1), so consecutive ids, however
# many, get slots spread evenly over the interval.
_SPREAD = (math.sqrt(5) - 1) / 2


def check_interval() -> timedelta:
    return timedelta(days=settings.EVIDENCE_CHECK_INTERVAL_DAYS)


def evidence_check_slot(*, evidence_id: int, after: datetime) -> datetime:
    """The link's next regular check: the first time, at least half an
    interval after ``after``, that falls on the link's own slot.

    The slot is the link's fixed place within each interval (from its id), so
    a link checked on time is checked again exactly one interval later, a late
    check does not push the link's later checks back, and all links share
    the load evenly across the interval.
    """
    interval = check_interval().total_seconds()
    slot = (evidence_id * _SPREAD) % 1.0 * interval
    earliest = after.timestamp() + interval / 2
    return datetime.fromtimestamp(
        earliest + (slot - earliest) % interval, tz=UTC
    ).astimezone(after.tzinfo or UTC)


def evidence_link_count() -> int:
    """About how many links are scheduled; never a scan of the table.

    On PostgreSQL the planner's estimate of the evidence rows (kept by
    autovacuum's ANALYZE, which counts links not scheduled too: a little more
    headroom). Elsewhere an exact count (small databases).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [Evidence._meta.db_table],
            )
            row = cursor.fetchone()
        if row and row[0] >= 0:
            return int(row[0])
    return Evidence.objects.filter(next_check_at__isnull=False).count()


def evidence_batch_size(*, link_count: int | None = None) -> int:
    """How many links one tick hands out: ``EVIDENCE_BATCH_SIZE`` when set,
    else links / check interval * tick length * headroom, within
    ``EVIDENCE_BATCH_MIN`` and ``EVIDENCE_BATCH_MAX``."""
    if settings.EVIDENCE_BATCH_SIZE:
        return settings.EVIDENCE_BATCH_SIZE
    links = evidence_link_count() if link_count is None else link_count
    per_tick = (
        links
        / check_interval().total_seconds()
        * settings.EVIDENCE_BATCH_TICK_SECONDS
        * settings.EVIDENCE_BATCH_HEADROOM
    )
    return max(
        settings.EVIDENCE_BATCH_MIN,
        min(math.ceil(per_tick), settings.EVIDENCE_BATCH_MAX),
    )


def evidence_claim_due_links(
    *, limit: int, now: datetime | None = None
) -> list[tuple[int, str]]:
    """Claim up to ``limit`` evidence items due for a check; return their ids
    and addresses, by id.

    One statement: the first ``limit`` due rows of the due index (locked,
    skipping rows another tick holds; the picked ids are a CTE evaluated
    once), each with its claim's state (by key) for the rule of which links
    are checked
    (an address, not blocked, the claim published or in review: the states
    the scans watch). Those get their ``next_check_at`` moved to the end of
    a lease, so two schedulers never take the same item and an item whose
    check never reports back is due again when the lease ends; the others
    leave the schedule (module docstring).
    """
    now = now or timezone.now()
    lease_until = now + timedelta(hours=settings.EVIDENCE_CLAIM_LEASE_HOURS)
    quote = connection.ops.quote_name
    evidence = quote(Evidence._meta.db_table)
    claims = quote(Claim._meta.db_table)
    postgresql = connection.vendor == "postgresql"
    materialized = "MATERIALIZED " if postgresql else ""
    locked = " FOR UPDATE OF e SKIP LOCKED" if postgresql else ""

    def checkable(row: str) -> str:
        """Which links are checked, of the evidence row ``row`` names."""
        return (
            f"({row}url <> '' AND {row}health <> %s AND (SELECT c.state FROM "  # noqa: S608
            f"{claims} c WHERE c.id = {row}claim_id) IN (%s, %s))"
        )

    rule = [LinkHealth.BLOCKED, *WATCHED_STATES]
    # Only quoted identifiers are formatted in; every value is a parameter.
    # RETURNING names the updated row's columns unqualified (SQLite's rule).
    sql = (
        f"WITH picked AS {materialized}("  # noqa: S608
        f"SELECT e.id AS picked_id, {checkable('e.')} AS checkable "
        f"FROM {evidence} e WHERE e.next_check_at <= %s "
        f"ORDER BY e.next_check_at, e.id LIMIT %s{locked}) "
        f"UPDATE {evidence} SET next_check_at = "
        "CASE WHEN picked.checkable THEN %s ELSE NULL END "
        "FROM picked WHERE id = picked.picked_id "
        # Where rows cannot be locked (SQLite), a concurrent tick's lease wins.
        "AND next_check_at <= %s "
        f"RETURNING id, url, {checkable('')}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    params = [
        *rule,
        adapt(now),
        limit,
        adapt(lease_until),
        adapt(now),
        *rule,
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted((pk, url) for pk, url, taken in cursor.fetchall() if taken)


def evidence_claim_due(*, limit: int, now: datetime | None = None) -> list[int]:
    """The ids ``evidence_claim_due_links`` claims."""
    return [pk for pk, _url in evidence_claim_due_links(limit=limit, now=now)]


def evidence_mark_due(*, evidence_ids: list[int], now: datetime | None = None) -> int:
    """Make these items due for a check now (the next beat tick takes them).

    For checks that were asked for but could not be queued: the work is
    kept in the database, not in the broker. Returns how many rows moved.
    """
    now = now or timezone.now()
    return Evidence.objects.filter(pk__in=evidence_ids).update(next_check_at=now)


def evidence_postpone(*, evidence_id: int, until: datetime) -> None:
    """Make a claimed item due again at ``until`` instead of at the end of
    its lease (its host's turn comes then); not a failure, nothing else
    changes."""
    Evidence.objects.filter(pk=evidence_id).update(next_check_at=until)


def evidence_schedule_claim(*, claim_id: int, now: datetime | None = None) -> int:
    """Put a claim's links that left the schedule back on it, due now: the
    claim has become one whose links are checked. Returns how many."""
    return (
        Evidence.objects.filter(claim_id=claim_id, next_check_at__isnull=True)
        .exclude(url="")
        .exclude(health=LinkHealth.BLOCKED)
        .update(next_check_at=now or timezone.now())
    )


@dataclass
class TickPlan:
    """One tick's links: sent with a countdown to their host's turn, due
    again later (turn beyond this tick), or not checked (host excluded)."""

    send: list[tuple[int, float]] = field(default_factory=list)
    later: int = 0
    excluded: int = 0


def evidence_tick_plan(
    *, links: list[tuple[int, str]], now: datetime | None = None
) -> TickPlan:
    """Give each claimed link (id, address) a turn at its host
    (``host_pacing``).

    Turns within one tick (``EVIDENCE_BATCH_TICK_SECONDS``) are reserved and
    the link is sent with that countdown; a link whose turn is further away
    is due again at its turn; a link on a host marked "do not check" waits
    for its next regular slot, unchecked.
    """
    now = now or timezone.now()
    plan = TickPlan()
    hosts = {pk: host_of(url) for pk, url in links}
    paces = host_paces(hosts.values())
    due_again: list[Evidence] = []
    paced = []
    for pk, host in hosts.items():
        if paces[host].excluded:
            slot = evidence_check_slot(evidence_id=pk, after=now)
            due_again.append(Evidence(pk=pk, next_check_at=slot))
            plan.excluded += 1
        else:
            paced.append((pk, paces[host]))
    delays = host_turns_plan(
        [pace for _, pace in paced], horizon=settings.EVIDENCE_BATCH_TICK_SECONDS
    )
    for (pk, _pace), delay in zip(paced, delays, strict=True):
        if delay >= 0:
            plan.send.append((pk, delay))
        else:
            turn = now + timedelta(seconds=-delay)
            due_again.append(Evidence(pk=pk, next_check_at=turn))
            plan.later += 1
    # One statement per thousand rows, not one per link.
    Evidence.objects.bulk_update(due_again, ["next_check_at"], batch_size=1000)
    return plan
