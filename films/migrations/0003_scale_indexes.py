# Placeholder reserved for issue #6 catalogue indexes (filled in later).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("films", "0002_history_and_image_checks"),
    ]

    operations = []
