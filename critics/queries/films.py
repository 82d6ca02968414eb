"""Films and people: the catalogue as readers and the API see it, with its consensus."""

from datetime import timedelta
from typing import Literal, cast

from django.db.models import Case, Exists, F, OuterRef, Prefetch, QuerySet, When
from django.utils import timezone
from taggit.models import Tag

from critics.models import FilmConsensus, Review
from films.models import Credit, Film, Person
from films.models.catalogue import NEWEST_FIRST

# The films page offers FILM_SORTS; the API also sorts by either figure alone.
FilmSort = Literal["consensus", "newest", "title", "percent_positive", "average_score"]
FILM_SORTS: dict[str, str] = {"consensus": "Consensus", "newest": "Newest", "title": "Title"}

UNLISTED_CONSENSUS_FIELDS = tuple(
    f"consensus__{name}"
    for name in (
        "aspects",
        "score_histogram",
        "quote_review_ids",
        "generated_statement",
        "statement_citations",
        "editor_statement",
    )
)
_BY_TITLE = ("title", "release_year", "pk")
# The one meaning of "newest" for films (see NEWEST_FIRST), served by the
# film_newest_order_idx index; the API's -release_year ordering is this too.
FILMS_NEWEST_FIRST = (*NEWEST_FIRST, "title", "pk")

# Provisional figures are hidden from readers, so they sort with the films that have none.
PUBLIC_PERCENT_POSITIVE = Case(
    When(consensus__provisional=False, then=F("consensus__percent_positive"))
)
PUBLIC_AVERAGE_SCORE = Case(When(consensus__provisional=False, then=F("consensus__average_score")))

_FILM_ORDER = {
    "consensus": (
        F("public_percent").desc(nulls_last=True),
        F("public_average").desc(nulls_last=True),
        *_BY_TITLE,
    ),
    "newest": FILMS_NEWEST_FIRST,
    "title": _BY_TITLE,
    "percent_positive": (F("public_percent").desc(nulls_last=True), *_BY_TITLE),
    "average_score": (F("public_average").desc(nulls_last=True), *_BY_TITLE),
}

LATELY = timedelta(days=365)


def films_for_listing(
    *, sort: FilmSort = "title", tag: str | None = None, year: int | None = None
) -> QuerySet[Film]:
    films = (
        Film.objects.select_related("consensus")
        .defer("synopsis", "search_vector", *UNLISTED_CONSENSUS_FIELDS)
        .alias(public_percent=PUBLIC_PERCENT_POSITIVE, public_average=PUBLIC_AVERAGE_SCORE)
    )
    if tag:
        films = films.filter(tags__slug=tag)
    if year:
        films = films.filter(release_year=year)
    return films.order_by(*_FILM_ORDER.get(sort, _BY_TITLE))


def film_tags() -> QuerySet[Tag]:
    """Genres and keywords used on at least one film, for the films filter."""
    return Tag.objects.filter(  # type: ignore[no-any-return]  # taggit has no type information
        taggit_taggeditem_items__content_type__model="film"
    ).distinct()


def film_years() -> list[int]:
    # Excluding the films with no year leaves only whole years, which the types cannot see.
    years = cast(
        "QuerySet[Film, int]",
        Film.objects.exclude(release_year=None).values_list("release_year", flat=True),
    )
    return list(years.distinct().order_by("-release_year"))


def strongest_consensus_lately(limit: int = 6) -> QuerySet[Film]:
    """Films with a final consensus and a review published in the last year, most agreed first."""
    return (
        films_for_listing(sort="consensus")
        .filter(consensus__provisional=False)
        .filter(
            Exists(
                Review.objects.published().filter(
                    film=OuterRef("pk"), publish_at__gte=timezone.now() - LATELY
                )
            )
        )
        .order_by(
            F("public_percent").desc(nulls_last=True),
            F("consensus__agreement").desc(nulls_last=True),
            F("public_average").desc(nulls_last=True),
            *_BY_TITLE,
        )[:limit]
    )


def film_by_slug(slug: str) -> Film | None:
    return Film.objects.filter(slug=slug).defer("synopsis", "search_vector").first()


def film_with_consensus(slug: str) -> Film | None:
    return Film.objects.select_related("consensus").defer("search_vector").filter(slug=slug).first()


def film_for_page(slug: str) -> Film | None:
    return (
        Film.objects.with_credits()
        .select_related("consensus")
        .defer("search_vector")
        .filter(slug=slug)
        .first()
    )


def consensus_of(film: Film) -> FilmConsensus:
    """The film's stored consensus, or an unsaved empty one if none was ever computed.

    Pages and the API both read a film's figures through this, so a film nobody has
    reviewed shows zero reviews and no figures everywhere.
    """
    try:
        return film.consensus
    except FilmConsensus.DoesNotExist:
        return FilmConsensus(film=film)


def people_for_listing() -> QuerySet[Person]:
    return Person.objects.defer("bio", "search_vector").order_by("name", "pk")


def person_for_page(slug: str) -> Person | None:
    credits = (
        Credit.objects.select_related("film")
        .defer("film__search_vector", "film__synopsis")
        .order_by(F("film__release_year").desc(nulls_last=True), "film__title", "role")
    )
    return (
        Person.objects.prefetch_related(Prefetch("credits", queryset=credits))
        .defer("search_vector")
        .filter(slug=slug)
        .first()
    )
