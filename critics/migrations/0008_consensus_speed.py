# Placeholder reserved for issue #6 consensus recompute speed (filled in later).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("critics", "0007_scale_indexes_and_search"),
    ]

    operations = []
