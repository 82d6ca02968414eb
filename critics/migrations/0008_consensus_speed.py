# Issue #6, consensus recompute speed: a compact per-review column the recompute reads
# instead of the analysis JSON. Existing rows are filled by
# `manage.py recompute_consensus` (from their stored analysis, no text re-analysis).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("critics", "0007_scale_indexes_and_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="consensus_marks",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The analysis boiled down to what the film's consensus adds up: one "
                "short token per aspect the review mentions.",
                null=True,
            ),
        ),
    ]
