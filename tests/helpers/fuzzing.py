"""Hypothesis strategies for hostile addresses: query strings and path parts.

Fixed seed (``derandomize``) and a bounded number of examples, so a fuzz test
runs the same cases every time, in seconds, and a failure reproduces.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Values a person or a scanner is likely to try, beside generated text.
NASTY_VALUES = [
    "",
    "\x00",
    "%00",
    "a\x00b",
    "'",
    '"><script>alert(1)</script>',
    "-1",
    "0",
    "1.5",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "%",
    "%%",
    "\u202ehidden",
    "\ud7ff",
    "x" * 3000,
    "2024-02-30",
    "true",
    "None",
    "[]",
    "{}",
]

values = st.one_of(
    st.sampled_from(NASTY_VALUES),
    st.text(max_size=30),
    st.from_regex(r"[-a-z0-9_]{1,40}", fullmatch=True),
)


def query_strings(known_keys: list[str]) -> st.SearchStrategy[str]:
    """Query strings: known parameters and others, repeated, with any values,
    encoded as a browser would or raw (percent-encoding only what must be)."""
    keys = st.one_of(st.sampled_from(known_keys), st.text(max_size=12))
    pairs = st.lists(st.tuples(keys, values), max_size=5)
    encoded = pairs.map(urlencode)
    raw = pairs.map(
        lambda items: "&".join(
            f"{quote(key, safe='[]')}={quote(value, safe='%[]')}"
            for key, value in items
        )
    )
    return st.one_of(encoded, raw)


def path_parts(known: list[str]) -> st.SearchStrategy[str]:
    """A path segment: a known slug, a slug-like word or any text, encoded."""
    return st.one_of(
        st.sampled_from(known),
        st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
        values.map(lambda text: quote(text, safe="")),
    )


def fuzz_settings(max_examples: int) -> settings:
    """Hypothesis' settings for a fuzz test: fixed seed, bounded examples."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
