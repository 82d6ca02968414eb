"""The method page and each film's score receipt (page and CSV)."""

from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.generic import TemplateView

from consensus.figures import PERCENT_BANDS, SCORE_BANDS, VERDICT_MIDPOINTS, score_band
from consensus.method import METHOD_CHANGES, METHOD_VERSION, band_ranges
from consensus.ratings import DEFAULT_STAR_SCALE, LETTER_GRADES, explain_rating
from consensus.verdicts import MIXED_FROM, POSITIVE_FROM, Verdict
from critics import queries
from films.models import Film
from public.receipt import receipt_csv, receipt_totals, score_receipt

# Worked by the parser itself, so the examples can never disagree with it.
RATING_EXAMPLES = ("3/4", "7/10", "3½/4", "★★★½", "★★★☆☆", "3.5 stars", "B+")
ROUNDING_EXAMPLES = (Decimal("80.5"), Decimal("80.4"))


class MethodView(TemplateView):
    """Every figure explained, with the thresholds read from the code that applies them."""

    template_name = "method.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            method_version=METHOD_VERSION,
            method_changes=METHOD_CHANGES,
            positive_from=POSITIVE_FROM,
            mixed_from=MIXED_FROM,
            min_reviews=settings.CONSENSUS_MIN_REVIEWS,
            default_star_scale=DEFAULT_STAR_SCALE,
            letter_grades=[(grade.upper(), score) for grade, score in LETTER_GRADES.items()],
            rating_examples=[(text, explain_rating(text)) for text in RATING_EXAMPLES],
            rounding_examples=[(average, score_band(average)) for average in ROUNDING_EXAMPLES],
            percent_bands=band_ranges(PERCENT_BANDS),
            score_bands=band_ranges(SCORE_BANDS),
            midpoints={verdict.value: VERDICT_MIDPOINTS[verdict] for verdict in Verdict},
            **kwargs,
        )


def _film(slug: str) -> Film:
    film = queries.film_by_slug(slug)
    if film is None:
        raise Http404("No such film")
    return film


class ScoreReceiptView(TemplateView):
    template_name = "films/score_receipt.html"

    def get_context_data(self, **kwargs):
        film = _film(self.kwargs["slug"])
        receipt = score_receipt(queries.reviews_for_score_receipt(film))
        return super().get_context_data(
            film=film, receipt=receipt, totals=receipt_totals(receipt), **kwargs
        )


def score_receipt_csv(request: HttpRequest, slug: str) -> HttpResponse:
    film = _film(slug)
    receipt = score_receipt(queries.reviews_for_score_receipt(film))
    return HttpResponse(
        receipt_csv(receipt, request.build_absolute_uri),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{film.slug}-score.csv"'},
    )
