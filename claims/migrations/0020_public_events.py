import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models
from django.utils import timezone

SWEEP = ("Public event sweep", "claims.tasks.events_sweep")


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
        description="Dispatches public events nobody queued; edit freely.",
    )
    PeriodicTasks.objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=SWEEP[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0019_revision_reasons"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("rating_changed", "Rating changed"),
                            ("retracted", "Claim retracted"),
                            ("deadline_passed", "Deadline passed"),
                            ("under_review", "Under review"),
                            ("appearance_added", "Repeated in another article"),
                            ("published", "Claim published"),
                        ],
                        max_length=32,
                        verbose_name="event",
                    ),
                ),
                (
                    "occurred_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="occurred at"
                    ),
                ),
                (
                    "data",
                    models.JSONField(blank=True, default=dict, verbose_name="details"),
                ),
                (
                    "dispatched_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="handed to consumers at"
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="public_events",
                        to="claims.claim",
                        verbose_name="claim",
                    ),
                ),
            ],
            options={
                "verbose_name": "public event",
                "verbose_name_plural": "public events",
                "ordering": ["occurred_at", "pk"],
                "indexes": [
                    models.Index(fields=["claim", "occurred_at"], name="event_claim_time"),
                    models.Index(
                        condition=models.Q(("dispatched_at__isnull", True)),
                        fields=["occurred_at"],
                        name="event_undispatched",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
