"""Remove bidirectional controls from text stored before the rule existed.

The rule is ``claims.services.text.text_neutralise``; it is repeated here, as
it stands today, so this migration does the same whatever the rule becomes.
Only rows that hold such a character are read and written (with
``update()``: no history row, no timestamp change), history tables included.
"""

import re

from django.db import migrations, models

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
DIRECTION_MARKS = re.compile("[\u200e\u200f\u061c]")
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
FOUND = "[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"


def neutralise(value):
    value = BIDI_CONTROLS.sub("", value)
    if not RIGHT_TO_LEFT.search(value):
        value = DIRECTION_MARKS.sub("", value)
    return value


def forwards(apps, schema_editor):
    for label in ("claims", "intake"):
        for model in apps.get_app_config(label).get_models():
            fields = [
                field.attname
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
            ]
            if not fields:
                continue
            found = models.Q()
            for name in fields:
                found |= models.Q(**{f"{name}__regex": FOUND})
            for row in model._base_manager.filter(found).values("pk", *fields):
                changed = {
                    name: neutralise(row[name])
                    for name in fields
                    if isinstance(row[name], str) and neutralise(row[name]) != row[name]
                }
                if changed:
                    model._base_manager.filter(pk=row["pk"]).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0017_heartbeat_resolver_failing"),
        ("intake", "0002_editor_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
