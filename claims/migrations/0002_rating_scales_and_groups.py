"""Seed the two rating scales and the Editors and Reviewers groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FACT_KINDS = ["statistic", "attribution", "ranking", "fact", "opinion"]
OUTCOME_KINDS = ["prediction", "promise"]

SCALES = [
    {
        "slug": "veracity",
        "name": "真实性",
        "name_en": "Veracity",
        "best_value": 5,
        "worst_value": 1,
        "applies_to": FACT_KINDS,
        "ratings": [
            # slug, English, Chinese, colour, value, final
            ("true", "True", "属实", "#1a7f37", 5, True),
            ("mostly-true", "Mostly true", "基本属实", "#3d7a1f", 4, True),
            ("half-true", "Half true", "半真半假", "#8a5a00", 3, True),
            ("mostly-false", "Mostly false", "基本不实", "#b04a00", 2, True),
            ("false", "False", "不实", "#b42318", 1, True),
            ("misleading", "Misleading", "误导", "#9f1d5b", 2, True),
            ("unproven", "Unproven", "证据不足", "#59636e", None, False),
        ],
    },
    {
        "slug": "outcome",
        "name": "兑现情况",
        "name_en": "Outcome",
        "best_value": 5,
        "worst_value": 1,
        "applies_to": OUTCOME_KINDS,
        "ratings": [
            ("not-yet-rated", "Not yet rated", "尚未评定", "#59636e", None, False),
            ("in-progress", "In progress", "进行中", "#0b5cad", None, False),
            ("stalled", "Stalled", "停滞", "#8a5a00", 2, False),
            ("compromise", "Compromise", "部分兑现", "#6e40c9", 3, True),
            ("kept", "Kept", "已兑现", "#1a7f37", 5, True),
            ("broken", "Broken", "未兑现", "#b42318", 1, True),
        ],
    },
]

EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("claim", "evidence", "appearance", "speaker", "article", "topic", "flag")
    for action in ("add", "change", "view")
] + [
    "view_rating",
    "view_ratingscale",
    "view_evidencesnapshot",
    "view_historicalclaim",
    "view_historicalevidence",
]
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS + [
    "publish_claim",
    "delete_claim",
    "delete_evidence",
    "delete_appearance",
    "delete_flag",
    "add_rating",
    "change_rating",
]


def seed_scales(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    for scale_data in SCALES:
        scale, _ = RatingScale.objects.update_or_create(
            slug=scale_data["slug"],
            defaults={
                key: scale_data[key]
                for key in ("name", "name_en", "best_value", "worst_value")
            },
        )
        for position, row in enumerate(scale_data["ratings"], start=1):
            slug, label_en, label_zh, colour, value, is_final = row
            Rating.objects.update_or_create(
                slug=slug,
                defaults={
                    "scale": scale,
                    "label_en": label_en,
                    "label_zh": label_zh,
                    "colour": colour,
                    "value": value,
                    "is_final": is_final,
                    "applies_to": scale_data["applies_to"],
                    "position": position,
                },
            )


def create_groups(apps, schema_editor):
    # Permissions are normally made after migrations; the groups need them now.
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
        permissions = Permission.objects.filter(
            content_type__app_label="claims", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed_scales, migrations.RunPython.noop),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
