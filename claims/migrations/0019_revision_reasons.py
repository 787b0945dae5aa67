from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0018_neutralise_bidi_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="claimrevision",
            name="change_reason",
            field=models.TextField(
                blank=True, verbose_name="public reason for the new rating or deadline"
            ),
        ),
        migrations.AddField(
            model_name="claimrevision",
            name="change_reason_en",
            field=models.TextField(
                blank=True, verbose_name="public reason for the new rating (English)"
            ),
        ),
        migrations.AddField(
            model_name="claimrevision",
            name="resolve_flags",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "The claim's flags the new rating closes as “re-rated” when "
                    "the revision is approved: their ids, or true for its "
                    "deadline-passed and review-due flags."
                ),
                verbose_name="flags to close",
            ),
        ),
    ]
