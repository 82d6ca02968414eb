from django.core.management import call_command
from django.core.management.base import BaseCommand

from films.models import Film

SEED_FIXTURES = ["seed_catalogue", "seed_critics"]


class Command(BaseCommand):
    help = "Load the seed catalogue, critics, reviews and news (fixtures/seed_*.json)."

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
        call_command("loaddata", *SEED_FIXTURES, verbosity=options["verbosity"])
        # loaddata bypasses the services, so derive scores, quotes and consensus now.
        call_command("recompute_consensus", verbosity=options["verbosity"])
