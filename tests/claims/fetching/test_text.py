"""Page text made comparable: volatile lines dropped before hashing."""

from datetime import date

from claims.fetching import content_hash, normalise_text


def test_volatile_lines_do_not_change_the_hash():
    today = date(2026, 11, 8)
    before = "小米正式发布\n正文第一段。\n更新时间：2026-11-01 10:00\n阅读量：1234\n"
    after = (
        "小米正式发布\n 正文第一段。 \n更新时间：2026-11-08 09:00\n"
        "阅读量：98765\n2026年11月8日 星期日\n"
    )
    assert content_hash(normalise_text(before, today=today)) == content_hash(
        normalise_text(after, today=today)
    )
    changed = "小米正式发布\n正文第一段已修改。\n"
    assert content_hash(normalise_text(changed, today=today)) != content_hash(
        normalise_text(before, today=today)
    )


def test_long_paragraphs_mentioning_updates_are_kept():
    paragraph = (
        "公司表示，" + "新版系统的更新时间表将在下个月公布，届时用户可以升级。" * 4
    )
    assert normalise_text(paragraph, today=date(2026, 1, 1)) == paragraph
