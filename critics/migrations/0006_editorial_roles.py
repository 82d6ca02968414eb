# The Editor and Critic groups with their permissions (critics/roles.py; the same
# code backs `manage.py setup_roles`).

from django.db import migrations


def create_roles(apps, schema_editor):
    from critics.roles import setup_roles

    setup_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("critics", "0005_workflow_and_history"),
        ("films", "0002_history_and_image_checks"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
