"""Readable slugs for every name, in every script, from one function."""

from __future__ import annotations

import pytest

from claims.models import Article, Speaker
from claims.services.slugs import save_with_unique_slug, slug_base

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("雷军", "lei-jun"),
        (
            "小米SU7汽车2024年上半年量产",
            "xiao-mi-su7-qi-che-2024-nian-shang-ban-nian-liang-chan",
        ),
        ("網傳行政院宣布", "wang-chuan-xing-zheng-yuan-xuan-bu"),
        ("Élisabeth Borne", "elisabeth-borne"),
        ("Straße der Bürger", "strasse-der-burger"),
        ("Владимир Путин", "vladimir-putin"),
        ("Ελλάδα", "ellada"),
        ("문재인", "munjaein"),
        ("ලබන සතියේ ඉන්ධන මිල", "labana-sataya-inadana-mala"),
        ("सभी सरकारी स्कूल", "sabhaii-sarakaaaraii-sakauula"),
    ],
)
def test_names_in_any_script_become_readable_slugs(name, expected):
    assert slug_base(name, fallback="speaker") == expected


def test_a_name_with_nothing_readable_gets_its_own_slug_not_the_fallback():
    first = slug_base("🙂🙂", fallback="speaker")
    second = slug_base("🙃", fallback="speaker")

    assert first.startswith("speaker-") and second.startswith("speaker-")
    assert first != second


def test_a_long_chinese_name_is_cut_to_leave_room_for_a_number():
    slug = slug_base("中华人民共和国国务院新闻办公室" * 5, fallback="article")

    assert len(slug) <= 70
    assert slug.startswith("zhong-hua-ren-min-gong-he-guo") and not slug.endswith("-")


def test_two_chinese_speakers_with_one_reading_get_numbered_slugs():
    for name in ("雷军", "雷君"):
        speaker = Speaker(name=name)
        save_with_unique_slug(speaker, base=slug_base(name, fallback="speaker"))

    assert sorted(Speaker.objects.values_list("slug", flat=True)) == [
        "lei-jun",
        "lei-jun-2",
    ]
    assert not Article.objects.exists()
