"""The beat schedule of following, editable afterwards in the admin.

Created by name only when missing, so an edited schedule is left alone.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

EVERY = [
    # name, task, every, period
    ("Follow mails sweep", "follows.tasks.deliveries_sweep", 1, "minutes"),
    ("Expired follow requests", "follows.tasks.requests_expire", 1, "hours"),
]
DIGEST = ("Daily follow digest", "follows.tasks.digests_send")


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, every, period in EVERY:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
        PeriodicTask.objects.create(
            name=name,
            task=task,
            interval=interval,
            kwargs="{}",
            description="Created by follows migration 0002; edit freely.",
        )
    name, task = DIGEST
    if not PeriodicTask.objects.filter(name=name).exists():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0",
            hour="7",
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
            description="Daily digests of what readers follow, at 07:00.",
        )
    PeriodicTasks.objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    names = [row[0] for row in EVERY] + [DIGEST[0]]
    PeriodicTask.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("follows", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
