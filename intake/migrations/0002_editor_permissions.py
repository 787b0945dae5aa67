"""Editors may import articles and act on candidates; reviewers may look."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "add_articleintake",
    "view_articleintake",
    "delete_articleintake",
    "view_candidate",
    "change_candidate",
]
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS


def grant(apps, schema_editor):
    config = apps.get_app_config("intake")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (
        ("Editors", EDITOR_PERMISSIONS),
        ("Reviewers", REVIEWER_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="intake", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("claims", "0002_rating_scales_and_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
