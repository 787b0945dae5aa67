"""The follows catalogue is used: the follow form reads in Chinese. (Its
completeness is checked with every app's catalogue in
tests/tracker/test_translations.py.)"""

from __future__ import annotations

from django.utils import translation


def test_the_follow_form_reads_in_chinese():
    with translation.override("zh-hans"):
        assert (
            translation.gettext("Follow this claim by e-mail")
            == "通过电子邮件关注这条声明"
        )
