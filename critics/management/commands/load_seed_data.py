from django.core.management import call_command
from django.core.management.base import BaseCommand

from films.models import Film

SEED_FIXTURES = ["seed_catalogue", "seed_critics"]


class Command(BaseCommand):
    help = (
        "Load the seed catalogue, critics, reviews and news (fixtures/seed_*.json), "
        "with every film's consensus."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even if the catalogue has films (overwrites the seed rows).",
        )

    def handle(self, *args, force, **options):
        # `make run` calls this every time; editors' changes to seed rows must survive.
        if Film.objects.exists() and not force:
            self.stdout.write("The catalogue already has films; seed data not loaded again.")
            return
        # The project's loaddata derives scores, quotes and consensus of what it loads.
        call_command("loaddata", *SEED_FIXTURES, verbosity=options["verbosity"])
