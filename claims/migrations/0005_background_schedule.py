"""The beat schedule for the background jobs, editable afterwards in the admin.

Created by name only when missing, so an edited schedule is left alone.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

EVERY = [
    # name, task, every, period, kwargs
    ("Heartbeat", "claims.tasks.heartbeat", 1, "minutes", '{"sent_by": "beat"}'),
    ("Deadline scan", "claims.tasks.deadline_scan", 1, "hours", "{}"),
    ("Review-clock scan", "claims.tasks.review_scan", 1, "hours", "{}"),
    ("Evidence check batch", "claims.tasks.evidence_check_batch", 5, "minutes", "{}"),
]
DIGEST = ("Daily flag digest", "claims.tasks.flag_digest")


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, every, period, kwargs in EVERY:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
        PeriodicTask.objects.create(
            name=name,
            task=task,
            interval=interval,
            kwargs=kwargs,
            description="Created by claims migration 0005; edit freely.",
        )
    name, task = DIGEST
    if not PeriodicTask.objects.filter(name=name).exists():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0",
            hour="8",
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.create(
            name=name,
            task=task,
            crontab=crontab,
            kwargs="{}",
            description="Open flags mailed to the Editors group at 08:00.",
        )
    # Tell a running beat that the schedule changed.
    PeriodicTasks.objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    names = [row[0] for row in EVERY] + [DIGEST[0]]
    PeriodicTask.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_background_heartbeat"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
