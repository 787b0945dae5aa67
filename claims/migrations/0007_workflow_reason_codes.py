"""Seed the reason codes, mark the ratings that need one, extend the groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REASON_CODES = [
    # slug, English, Chinese
    ("not-delivered", "Not delivered", "未能兑现"),
    ("changed-position", "Changed position", "立场改变"),
    ("outside-factors", "Outside factors", "外部因素"),
    ("data-contradicts", "Data contradicts it", "数据与之矛盾"),
    ("missing-context", "Missing context", "缺少背景"),
    ("no-evidence", "No evidence offered", "未提供证据"),
]
RATINGS_NEEDING_A_CODE = ["broken", "false", "misleading"]

EDITOR_PERMISSIONS = ["view_reasoncode", "view_ratingchange"]
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS + ["add_reasoncode", "change_reasoncode"]


def seed_reason_codes(apps, schema_editor):
    ReasonCode = apps.get_model("claims", "ReasonCode")
    Rating = apps.get_model("claims", "Rating")
    for position, (slug, label_en, label_zh) in enumerate(REASON_CODES, start=1):
        ReasonCode.objects.update_or_create(
            slug=slug,
            defaults={"label_en": label_en, "label_zh": label_zh, "position": position},
        )
    Rating.objects.filter(slug__in=RATINGS_NEEDING_A_CODE).update(
        requires_reason_code=True
    )


def extend_groups(apps, schema_editor):
    claims_config = apps.get_app_config("claims")
    claims_config.models_module = True
    create_permissions(claims_config, apps=apps, verbosity=0)
    claims_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (
        ("Editors", EDITOR_PERMISSIONS),
        ("Reviewers", REVIEWER_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="claims", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_workflow_reviews_corrections_reason_codes"),
    ]

    operations = [
        migrations.RunPython(seed_reason_codes, migrations.RunPython.noop),
        migrations.RunPython(extend_groups, migrations.RunPython.noop),
    ]
