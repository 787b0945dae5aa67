"""Editors and reviewers may keep webhook endpoints; beat queues overdue
deliveries every minute."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

PERMISSIONS = [
    "view_webhookendpoint",
    "add_webhookendpoint",
    "change_webhookendpoint",
    "delete_webhookendpoint",
    "view_webhookdelivery",
    "change_webhookdelivery",
    "view_webhookattempt",
]
SWEEP = ("Webhook delivery sweep", "webhooks.tasks.deliveries_sweep")


def grant(apps, schema_editor):
    config = apps.get_app_config("webhooks")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ("Editors", "Reviewers"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="webhooks", codename__in=PERMISSIONS
            )
        )


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    name, task = SWEEP
    if PeriodicTask.objects.filter(name=name).exists():
        return
    interval, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.create(
        name=name,
        task=task,
        interval=interval,
        kwargs="{}",
        description="Queues webhook deliveries overdue for an attempt; edit freely.",
    )
    PeriodicTasks.objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=SWEEP[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("claims", "0002_rating_scales_and_groups"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
