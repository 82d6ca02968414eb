from django.core.management.base import BaseCommand

from critics.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or update the Editor and Critic groups with their permissions "
        "(safe to repeat: each group ends up with exactly its role's permissions)."
    )

    def handle(self, *args, **options):
        for role, count in setup_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
