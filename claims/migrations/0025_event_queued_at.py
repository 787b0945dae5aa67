from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0024_reader_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="publicevent",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="queued at"),
        ),
    ]
