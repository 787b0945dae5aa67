"""Seed the verdict crosswalk with the labels fact-checkers commonly use,
and let editors map labels and see original reviews."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.models import verdict_key

# (language, label, rating slug). Labels that read the same once case,
# accents and Traditional/Simplified are folded share one row: the first wins.
LABELS = [
    # English
    ("en", "True", "true"),
    ("en", "Correct", "true"),
    ("en", "Accurate", "true"),
    ("en", "Mostly true", "mostly-true"),
    ("en", "Mostly correct", "mostly-true"),
    ("en", "Mostly accurate", "mostly-true"),
    ("en", "Largely true", "mostly-true"),
    ("en", "Largely accurate", "mostly-true"),
    ("en", "Half true", "half-true"),
    ("en", "Half truth", "half-true"),
    ("en", "Mixture", "half-true"),
    ("en", "Mixed", "half-true"),
    ("en", "Partly true", "half-true"),
    ("en", "Partially true", "half-true"),
    ("en", "Partly false", "half-true"),
    ("en", "Partially false", "half-true"),
    ("en", "Mostly false", "mostly-false"),
    ("en", "Largely false", "mostly-false"),
    ("en", "Mostly inaccurate", "mostly-false"),
    ("en", "Exaggerated", "mostly-false"),
    ("en", "False", "false"),
    ("en", "Incorrect", "false"),
    ("en", "Inaccurate", "false"),
    ("en", "Wrong", "false"),
    ("en", "Fake", "false"),
    ("en", "Fabricated", "false"),
    ("en", "Altered", "false"),
    ("en", "Pants on fire", "false"),
    ("en", "Four Pinocchios", "false"),
    ("en", "Misleading", "misleading"),
    ("en", "Missing context", "misleading"),
    ("en", "Needs context", "misleading"),
    ("en", "Out of context", "misleading"),
    ("en", "Lacks context", "misleading"),
    ("en", "Distorts the facts", "misleading"),
    ("en", "Unproven", "unproven"),
    ("en", "Unverified", "unproven"),
    ("en", "Unverifiable", "unproven"),
    ("en", "Unsubstantiated", "unproven"),
    ("en", "Unsupported", "unproven"),
    ("en", "No evidence", "unproven"),
    ("en", "Insufficient evidence", "unproven"),
    ("en", "Promise kept", "kept"),
    ("en", "Kept", "kept"),
    ("en", "Fulfilled", "kept"),
    ("en", "Achieved", "kept"),
    ("en", "Promise broken", "broken"),
    ("en", "Broken", "broken"),
    ("en", "Not fulfilled", "broken"),
    ("en", "Compromise", "compromise"),
    ("en", "Partially kept", "compromise"),
    ("en", "Partly kept", "compromise"),
    ("en", "In the works", "in-progress"),
    ("en", "In progress", "in-progress"),
    ("en", "Ongoing", "in-progress"),
    ("en", "Stalled", "stalled"),
    ("en", "Not yet rated", "not-yet-rated"),
    # French
    ("fr", "Vrai", "true"),
    ("fr", "Plutôt vrai", "mostly-true"),
    ("fr", "Partiellement vrai", "half-true"),
    ("fr", "Partiellement faux", "half-true"),
    ("fr", "À nuancer", "half-true"),
    ("fr", "Plutôt faux", "mostly-false"),
    ("fr", "Exagéré", "mostly-false"),
    ("fr", "Faux", "false"),
    ("fr", "Montage", "false"),
    ("fr", "Trompeur", "misleading"),
    ("fr", "Manque de contexte", "misleading"),
    ("fr", "Hors contexte", "misleading"),
    ("fr", "Sorti de son contexte", "misleading"),
    ("fr", "Détourné", "misleading"),
    ("fr", "Infondé", "unproven"),
    ("fr", "Invérifiable", "unproven"),
    ("fr", "Non prouvé", "unproven"),
    ("fr", "Promesse tenue", "kept"),
    ("fr", "Promesse non tenue", "broken"),
    # Spanish
    ("es", "Verdadero", "true"),
    ("es", "Cierto", "true"),
    ("es", "Mayormente verdadero", "mostly-true"),
    ("es", "Verdad a medias", "half-true"),
    ("es", "Parcialmente falso", "half-true"),
    ("es", "Mayormente falso", "mostly-false"),
    ("es", "Exagerado", "mostly-false"),
    ("es", "Falso", "false"),
    ("es", "Bulo", "false"),
    ("es", "Engañoso", "misleading"),
    ("es", "Sin contexto", "misleading"),
    ("es", "Falta contexto", "misleading"),
    ("es", "Fuera de contexto", "misleading"),
    ("es", "Inverificable", "unproven"),
    ("es", "No verificable", "unproven"),
    ("es", "Sin pruebas", "unproven"),
    ("es", "Promesa cumplida", "kept"),
    ("es", "Promesa incumplida", "broken"),
    # Portuguese
    ("pt", "Verdadeiro", "true"),
    ("pt", "Verdadeiro, mas", "mostly-true"),
    ("pt", "Impreciso", "half-true"),
    ("pt", "Exagerado", "mostly-false"),
    ("pt", "Falso", "false"),
    ("pt", "Montagem", "false"),
    ("pt", "Enganoso", "misleading"),
    ("pt", "Distorcido", "misleading"),
    ("pt", "Fora de contexto", "misleading"),
    ("pt", "Sem contexto", "misleading"),
    ("pt", "Insustentável", "unproven"),
    ("pt", "Não verificado", "unproven"),
    ("pt", "Promessa cumprida", "kept"),
    ("pt", "Promessa não cumprida", "broken"),
    # German
    ("de", "Richtig", "true"),
    ("de", "Wahr", "true"),
    ("de", "Größtenteils richtig", "mostly-true"),
    ("de", "Teilweise falsch", "half-true"),
    ("de", "Halbwahr", "half-true"),
    ("de", "Größtenteils falsch", "mostly-false"),
    ("de", "Falsch", "false"),
    ("de", "Frei erfunden", "false"),
    ("de", "Manipuliert", "false"),
    ("de", "Fehlender Kontext", "misleading"),
    ("de", "Falscher Kontext", "misleading"),
    ("de", "Irreführend", "misleading"),
    ("de", "Unbelegt", "unproven"),
    # Traditional Chinese (Taiwan, Hong Kong)
    ("zh-hant", "正確", "true"),
    ("zh-hant", "部分錯誤", "half-true"),
    ("zh-hant", "錯誤", "false"),
    ("zh-hant", "謠言", "false"),
    ("zh-hant", "誤導", "misleading"),
    ("zh-hant", "易生誤解", "misleading"),
    ("zh-hant", "缺乏背景", "misleading"),
    ("zh-hant", "證據不足", "unproven"),
    # Simplified Chinese
    ("zh-hans", "属实", "true"),
    ("zh-hans", "真实", "true"),
    ("zh-hans", "大致属实", "mostly-true"),
    ("zh-hans", "基本属实", "mostly-true"),
    ("zh-hans", "部分属实", "half-true"),
    ("zh-hans", "半真半假", "half-true"),
    ("zh-hans", "基本不实", "mostly-false"),
    ("zh-hans", "不实", "false"),
    ("zh-hans", "虚假", "false"),
    ("zh-hans", "有误导性", "misleading"),
    ("zh-hans", "未经证实", "unproven"),
    ("zh-hans", "无法证实", "unproven"),
    ("zh-hans", "兑现", "kept"),
]

EDITOR_PERMISSIONS = [
    "add_verdictlabel",
    "change_verdictlabel",
    "view_verdictlabel",
    "view_externalreview",
]


def seed_labels(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    VerdictLabel = apps.get_model("claims", "VerdictLabel")
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    for language, label, slug in LABELS:
        rating = ratings.get(slug)
        if rating is None:  # a site that renamed or removed the seeded rating
            continue
        VerdictLabel.objects.get_or_create(
            key=verdict_key(label),
            defaults={"label": label, "language": language, "rating": rating},
        )


def grant_permissions(apps, schema_editor):
    claims_config = apps.get_app_config("claims")
    claims_config.models_module = True
    create_permissions(claims_config, apps=apps, verbosity=0)
    claims_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="claims", codename__in=EDITOR_PERMISSIONS
    )
    for group in Group.objects.filter(name__in=("Editors", "Reviewers")):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0012_external_reviews_verdict_crosswalk_language_tags"),
    ]

    operations = [
        migrations.RunPython(seed_labels, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
