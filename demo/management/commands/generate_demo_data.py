from django.core.management.base import BaseCommand, CommandError

from demo.data.build import Sizes, build_demo_data
from demo.data.plan import PlanError
from demo.data.writer import other_data


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic demo catalogue for benchmarks and demos: films "
        "with credits and tags, publications, critics (about 10% top critics) and published "
        "reviews with ratings in mixed formats, a long tail of very widely reviewed films and "
        "very prolific critics, and every film's consensus. The same --seed always gives the "
        "same data. Demo rows are marked by slugs starting with 'demo-'; an earlier demo build "
        "is replaced. The database must hold no other films, people, critics, publications or "
        "articles unless --force (keep them and add the demo data beside them) or --flush "
        "(delete them first) is given. No revision history is recorded for demo data: it is "
        "nobody's editorial work."
    )

    def add_arguments(self, parser):
        parser.add_argument("--films", type=int, default=2000, help="Films (default 2,000).")
        parser.add_argument("--critics", type=int, default=500, help="Critics (default 500).")
        parser.add_argument(
            "--reviews", type=int, default=100_000, help="Reviews (default 100,000)."
        )
        parser.add_argument(
            "--publications",
            type=int,
            default=None,
            help="Publications (default: one for every 25 critics, at least 5).",
        )
        parser.add_argument("--seed", type=int, default=6, help="Same seed, same data (default 6).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5000,
            help="Rows per insert batch (default 5,000).",
        )
        parser.add_argument(
            "--texts",
            type=int,
            default=1000,
            help="Distinct review bodies per verdict (default 1,000); each body's text "
            "analysis is computed once.",
        )
        replace = parser.add_mutually_exclusive_group()
        replace.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database holds other (non-demo) content, keeping it.",
        )
        replace.add_argument(
            "--flush",
            action="store_true",
            help="Delete ALL films, people, critics, publications, reviews and articles "
            "(not user accounts) before generating.",
        )

    def handle(
        self,
        *args,
        films,
        critics,
        reviews,
        publications,
        seed,
        batch_size,
        texts,
        force,
        flush,
        **options,
    ):
        if min(films, critics, batch_size, texts) < 1 or reviews < 0:
            raise CommandError("--films, --critics, --batch-size and --texts must be at least 1.")
        if publications is None:
            publications = max(5, critics // 25)
        if not (force or flush) and (found := other_data()):
            raise CommandError(
                f"The database already holds {', '.join(found)} that are not demo data. "
                "Use --flush to delete all content first, or --force to add the demo data "
                "beside it."
            )
        sizes = Sizes(films, critics, reviews, publications, texts_per_lean=texts)
        try:
            report = build_demo_data(
                sizes,
                seed=seed,
                batch_size=batch_size,
                replace="all" if flush else "demo",
                show_progress=self.stdout.isatty(),
            )
        except PlanError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {films:,} films, {critics:,} critics, {publications:,} publications "
                f"and {reviews:,} reviews ({report.distinct_texts:,} distinct texts analysed) "
                f"in {report.total_seconds:.1f} s."
            )
        )
        if options["verbosity"] >= 1:
            for name, seconds in report.phases.items():
                self.stdout.write(f"  {name}: {seconds:.1f} s")
