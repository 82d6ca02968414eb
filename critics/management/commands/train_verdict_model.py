import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consensus.classifier import DEFAULT_PATH, ModelFileError, model_from_dict

# Where these machines keep the data set; --data or RT_POLARITY_DIR point elsewhere.
DEFAULT_DATA = Path(settings.BASE_DIR).parent / "shared" / "datasets" / "rt-polarity"
# Verdicts a person gave: a rating, the critic's own call or an editor's reading. Accepted
# model suggestions are left out, or the model would learn from itself.
TRUSTED_SOURCES = ("rating", "critic", "editor")


class Command(BaseCommand):
    help = (
        "Train the verdict model from rt-polarity and the site's own reviews whose verdict "
        "a person gave, and write it as JSON (default: the shipped model file). Needs the "
        "development dependencies (scikit-learn) and the data set; the site needs neither."
    )
    # It must run when the current model file is missing or broken: that is how to fix it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            default=os.environ.get("RT_POLARITY_DIR", str(DEFAULT_DATA)),
            help="folder holding rt-polarity.pos and rt-polarity.neg",
        )
        parser.add_argument(
            "--rt-half",
            choices=["all", "tuning"],
            default="all",
            help="'tuning' trains on the even lines only, leaving the odd lines held out for "
            "bench/verdict_model.py (the shipped model uses all)",
        )
        parser.add_argument(
            "--no-site-reviews",
            action="store_true",
            help="train on rt-polarity alone",
        )
        parser.add_argument(
            "--max-site-reviews",
            type=int,
            default=50_000,
            help="use at most this many of the site's reviews (newest first)",
        )
        parser.add_argument("--output", default=str(DEFAULT_PATH), help="model file to write")

    def handle(self, *args, **options):
        try:
            from consensus import training
        except ImportError as error:
            raise CommandError(
                f"Training needs the development dependencies ({error.name} is missing): "
                "install requirements-dev.lock."
            ) from None
        data_dir = Path(options["data"])
        if not (data_dir / "rt-polarity.pos").exists():
            raise CommandError(
                f"No rt-polarity data in {data_dir}: pass --data DIR or set RT_POLARITY_DIR."
            )
        data = training.TrainingData(training.rt_examples(data_dir, options["rt_half"]))
        if not options["no_site_reviews"]:
            data.examples += self._site_examples(training, options["max_site_reviews"])
        self.stdout.write(f"Training on {_describe(data.counts())}…")
        model = training.train(
            data,
            description=f"rt-polarity ({options['rt_half']}) plus the site's reviews whose "
            "verdict a person gave"
            if not options["no_site_reviews"]
            else f"rt-polarity ({options['rt_half']})",
        )
        try:
            model_from_dict(model)  # what the site will load must load
        except ModelFileError as error:
            raise CommandError(f"The trained model does not load: {error}") from None
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        temporary = output.with_suffix(".tmp")
        temporary.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n")
        temporary.replace(output)  # never a half-written model file
        card = model["card"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output} (version {model['version']}, {len(model['weights']):,} "
                f"features; cross-validated accuracy {card['cross_validated_accuracy']:.1%}). "
                "Run `manage.py recompute_consensus --reanalyse-text` to re-score stored reviews."
            )
        )

    def _site_examples(self, training, limit):
        from critics.models import Review

        rows = (
            Review.objects.published()
            .filter(
                counted_verdict__in=["positive", "negative"],
                verdict_source__in=TRUSTED_SOURCES,
            )
            .exclude(body="")
            .order_by("-publish_at", "-pk")
            .values_list("body", "counted_verdict")[:limit]
        )
        return [
            training.Example(
                body, training.POSITIVE if verdict == "positive" else training.NEGATIVE, "site"
            )
            for body, verdict in rows.iterator(chunk_size=2000)
        ]


def _describe(counts: dict) -> str:
    return "; ".join(
        f"{source}: {sides['positive']:,} positive, {sides['negative']:,} negative"
        for source, sides in counts.items()
    )
