"""Report films whose stored consensus is missing or out of date, for cron or monitoring."""

from django.core.management.base import BaseCommand, CommandError

from critics.services.consensus_health import find_stale_consensus
from films.models import Film

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Count the films whose consensus is missing or no longer matches their published "
        "reviews (say, after a process was killed between a commit and its rebuild). Exits "
        "with status 1 when there are any; `recompute_consensus --stale` repairs them."
    )

    def handle(self, *args, **options):
        stale = find_stale_consensus()
        if not stale:
            self.stdout.write(self.style.SUCCESS("Every film's consensus is up to date."))
            return
        titles = Film.objects.filter(pk__in=stale.film_ids[:SHOWN]).order_by("pk")
        for film_id, slug in titles.values_list("pk", "slug"):
            self.stdout.write(f"film {film_id} ({slug})")
        if len(stale) > SHOWN:
            self.stdout.write(f"... and {len(stale) - SHOWN:,} more")
        raise CommandError(
            f"{len(stale):,} films' consensus is missing ({len(stale.missing):,}) or out of "
            f"date ({len(stale.out_of_date):,}); run `manage.py recompute_consensus --stale`."
        )
