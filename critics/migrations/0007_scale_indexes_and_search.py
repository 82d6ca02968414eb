# Placeholder reserved for issue #6 indexes and the stored search vector (filled in later).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("critics", "0006_editorial_roles"),
        ("films", "0002_history_and_image_checks"),
    ]

    operations = []
