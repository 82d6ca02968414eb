from django.core.management.base import BaseCommand, CommandError

from critics.importer.export import export_reviews
from critics.models import Critic, PublishingStatus, Review
from films.models import Film


class Command(BaseCommand):
    help = (
        "Export the published reviews (including scheduled ones) as CSV in the import format "
        "(docs/import-format.md), so the file imports back to the same reviews: every review, "
        "or those of one film or one critic. The text model's suggested verdict and its "
        "confidence come with every review that has text. Every cell is quoted, and a "
        "formula character that starts a cell or follows a separator (, ; tab |) gets an "
        "apostrophe before it, so no spreadsheet runs it; the importer removes it again."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--film", metavar="SLUG", help="only this film's reviews")
        which.add_argument("--critic", metavar="SLUG", help="only this critic's reviews")
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
        )

    def handle(self, *args, film, critic, output, **options):
        reviews = Review.objects.filter(status=PublishingStatus.PUBLISHED)
        if film:
            if not Film.objects.filter(slug=film).exists():
                raise CommandError(f"no film with the slug '{film}'")
            reviews = reviews.filter(film__slug=film)
        elif critic:
            if not Critic.objects.filter(slug=critic).exists():
                raise CommandError(f"no critic with the slug '{critic}'")
            reviews = reviews.filter(critic__slug=critic)
        if output:
            # utf-8 without BOM; newline="" so the csv module's CRLF row ends stay as written.
            with open(output, "w", encoding="utf-8", newline="") as stream:
                count = export_reviews(reviews, stream)
            self.stderr.write(f"Exported {count} reviews to {output}.")
        else:
            export_reviews(reviews, self.stdout)
