"""Politeness: at most one request per host per interval, across all workers.

Each host has a pace: ``EVIDENCE_HOST_MIN_INTERVAL_SECONDS`` between two
requests (one a second by default), or its ``HostPolicy`` from the admin
(another pace, or "do not check"). Redis keeps two times per host, both in
milliseconds of Redis's own clock (workers' clocks may differ):

- ``plan``: the next free slot, which the scheduler tick hands out. A batch
  with many links on one host sends them with countdowns one interval apart
  instead of all at once.
- ``last``: when a check last went out to the host. A worker takes it just
  before fetching, and only when a whole interval has passed; that is what
  holds the limit, whatever the queue does to the planned times.

Both are Lua scripts, so two workers never take the same turn. Without Redis
(``make run``'s file cache) the same steps run on the cache, which keeps the
pace between processes but is not atomic. When Redis fails the pace fails
open, as ``claims.locks`` does: the broker is on the same Redis, so no check
is running then anyway.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from claims.models import HostPolicy, host_key
from tracker.redis_cache import cache_redis

logger = logging.getLogger(__name__)

PLAN_PREFIX = "claims:pace:plan:"
LAST_PREFIX = "claims:pace:last:"

# KEYS: the plan key of each link's host (repeated for links on one host);
# ARGV: horizon ms, then each link's interval ms. Returns per link the delay
# in ms of its turn: >= 0 reserved within the horizon; < 0 not reserved, its
# turn lies that far ahead (later links on the host queue behind it).
_PLAN = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local horizon = tonumber(ARGV[1])
local beyond = {}
local out = {}
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[i + 1])
  local slot = beyond[key]
  if slot == nil then
    slot = tonumber(redis.call('GET', key) or '0')
    if slot < now then slot = now end
  end
  if slot - now <= horizon then
    redis.call('SET', key, slot + interval, 'PX', slot - now + interval + 1000)
    out[i] = slot - now
  else
    out[i] = -(slot - now)
    beyond[key] = slot + interval
  end
end
return out
"""

# KEYS[1]: the host's last key; ARGV[1]: its interval ms. Returns 0 when the
# caller may send now (and records it), else the ms to wait.
_TAKE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local interval = tonumber(ARGV[1])
local last = redis.call('GET', KEYS[1])
if last then
  local wait = tonumber(last) + interval - now
  if wait > 0 then return wait end
end
redis.call('SET', KEYS[1], now, 'PX', interval)
return 0
"""


@dataclass(frozen=True)
class HostPace:
    """How a host may be asked: ``interval`` seconds apart, or not at all."""

    host: str
    interval: float
    excluded: bool = False


def host_of(url: str) -> str:
    """The host a link's requests go to, as ``HostPolicy.host`` names it."""
    try:
        return host_key(urlsplit(url).hostname or "")
    except ValueError:  # a malformed address: its fetch will say so
        return ""


def host_paces(hosts: Iterable[str]) -> dict[str, HostPace]:
    """The pace of each host: its policy, or the default (one query)."""
    wanted = set(hosts)
    default = float(settings.EVIDENCE_HOST_MIN_INTERVAL_SECONDS)
    paces = {host: HostPace(host, default) for host in wanted}
    # Policies are set by people, so there are few: for many hosts at once
    # (a tick) all are read rather than every host name sent.
    policies = HostPolicy.objects.values_list(
        "host", "min_interval_seconds", "do_not_check"
    )
    if len(wanted) <= 20:
        policies = policies.filter(host__in=wanted)
    for host, interval, excluded in policies:
        if host in paces:
            paces[host] = HostPace(host, float(interval), excluded)
    return paces


def host_pace(url: str) -> HostPace:
    """The pace of the host of ``url``."""
    host = host_of(url)
    return host_paces([host])[host]


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))


def host_turns_plan(paces: list[HostPace], *, horizon: float) -> list[float]:
    """Reserve a turn for each link (in order; one pace per link).

    Returns per link the seconds until its turn: >= 0 reserved (send it with
    that countdown), < 0 not reserved because the turn is more than
    ``horizon`` seconds away (make it due then; the next tick plans it).
    """
    if not paces:
        return []
    redis = cache_redis()
    if redis is not None:
        try:
            delays = redis.eval(
                _PLAN,
                len(paces),
                *[cache.make_key(PLAN_PREFIX + pace.host) for pace in paces],
                _ms(horizon),
                *[_ms(pace.interval) for pace in paces],
            )
            return [delay / 1000 for delay in delays]
        except RedisError as error:
            logger.warning("host pace not planned, the cache failed: %s", error)
            return [0.0] * len(paces)
    return _plan_on_cache(paces, horizon=horizon)


def _plan_on_cache(paces: list[HostPace], *, horizon: float) -> list[float]:
    now = time.time()
    beyond: dict[str, float] = {}
    delays = []
    for pace in paces:
        slot = beyond.get(pace.host)
        if slot is None:
            slot = max(now, cache.get(PLAN_PREFIX + pace.host) or 0.0)
        if slot - now <= horizon:
            cache.set(
                PLAN_PREFIX + pace.host,
                slot + pace.interval,
                int(slot - now + pace.interval) + 1,
            )
            delays.append(slot - now)
        else:
            delays.append(-(slot - now))
            beyond[pace.host] = slot + pace.interval
    return delays


def host_turn_take(pace: HostPace) -> float:
    """Take the host's turn for a request now: 0.0 when taken, else the
    seconds until a turn is free (nothing taken)."""
    redis = cache_redis()
    if redis is not None:
        try:
            key = cache.make_key(LAST_PREFIX + pace.host)
            wait = redis.eval(_TAKE, 1, key, _ms(pace.interval))
            return int(wait) / 1000
        except RedisError as error:
            logger.warning("host pace not kept, the cache failed: %s", error)
            return 0.0
    now = time.time()
    last = cache.get(LAST_PREFIX + pace.host)
    if last is not None and last + pace.interval > now:
        return last + pace.interval - now
    cache.set(LAST_PREFIX + pace.host, now, int(pace.interval) + 1)
    return 0.0


def host_turn_wait(pace: HostPace, *, max_sleep: float) -> float:
    """Take the host's turn, sleeping up to ``max_sleep`` seconds for it.

    Returns 0.0 once taken, else the seconds until a turn is free (the
    caller reschedules the request instead of waiting that long).
    """
    deadline = time.monotonic() + max_sleep
    while True:
        wait = host_turn_take(pace)
        if wait <= 0:
            return 0.0
        if time.monotonic() + wait > deadline:
            return wait
        time.sleep(wait)


def host_pacer(*, max_sleep: float):
    """A ``FetchPolicy.pace`` for the fetch client: each request waits for
    its host's turn, up to ``max_sleep`` seconds (never past the fetch's own
    limit); paces are read once per host per fetch."""
    paces: dict[str, HostPace] = {}

    def pace(host: str, within: float) -> float:
        key = host_key(host)
        if key not in paces:
            paces[key] = host_paces([key])[key]
        return host_turn_wait(paces[key], max_sleep=min(max_sleep, within))

    return pace
