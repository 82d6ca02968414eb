"""What the public pages read: one named function per query shape.

Each function fixes its joins and prefetches so that a page runs the same number
of queries however many reviews, credits, films or tags it shows. Only
published() reviews and articles ever leave this module.
"""

from datetime import datetime, timedelta
from typing import Literal, cast

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from critics.models import Article, Critic, FilmConsensus, Publication, Review
from films.models import Credit, Film, Person
from films.models.catalogue import NEWEST_FIRST

FilmSort = Literal["consensus", "newest", "title"]
FILM_SORTS: dict[str, str] = {"consensus": "Consensus", "newest": "Newest", "title": "Title"}

# Long text and JSON that no list or card shows.
_UNLISTED_REVIEW_FIELDS = ("body", "analysis", "verdict_note", "import_key", "search_vector")
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
}

LATELY = timedelta(days=365)


# Films


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


# Reviews


def reviews_for_cards() -> QuerySet[Review]:
    return (
        Review.objects.published()
        .select_related("film", "critic", "publication")
        .defer(*_UNLISTED_REVIEW_FIELDS)
        .order_by("-publish_at", "-pk")
    )


def latest_reviews(limit: int = 8) -> QuerySet[Review]:
    return reviews_for_cards()[:limit]


FILM_PAGE_REVIEWS = 20


def reviews_for_film_page(film: Film) -> QuerySet[Review]:
    return reviews_for_cards().filter(film=film)


def reviews_cited_by(consensus: FilmConsensus) -> dict[int, Review]:
    """The published reviews the consensus quotes, cites or names as the dissent, by id."""
    ids = set(consensus.quote_review_ids)
    ids.update(citation["review_id"] for citation in consensus.statement_citations)
    if consensus.dissent_review_id:
        ids.add(consensus.dissent_review_id)
    if not ids:
        return {}
    return {review.pk: review for review in reviews_for_cards().filter(pk__in=ids)}


def review_for_page(pk: int) -> Review | None:
    """Any review with this id, published or not: the view decides who may see it."""
    return (
        Review.objects.select_related("film", "film__consensus", "critic", "publication")
        .defer("search_vector", "film__search_vector", "critic__search_vector", "analysis")
        .prefetch_related("tags")  # type: ignore[misc]  # taggit's manager is untyped
        .filter(pk=pk)
        .first()
    )


def other_reviews_of_film(review: Review) -> QuerySet[Review]:
    return reviews_for_cards().filter(film_id=review.film_id).exclude(pk=review.pk)


def reviews_by_critic(critic: Critic) -> QuerySet[Review]:
    return reviews_for_cards().filter(critic=critic)


def reviews_in_publication(publication: Publication) -> QuerySet[Review]:
    return reviews_for_cards().filter(publication=publication)


# Critics and publications


def critics_for_listing() -> QuerySet[Critic]:
    # A subquery per listed critic (PostgreSQL runs it after LIMIT, on the page's rows
    # only), not a GROUP BY over every review.
    published_count = (
        Review.objects.published()
        .filter(critic=OuterRef("pk"))
        .order_by()
        .values("critic")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Critic.objects.active()
        .prefetch_related("publications")
        .annotate(review_count=Coalesce(Subquery(published_count), 0))
        .order_by("is_unattributed", "name", "pk")
    )


def critic_for_page(slug: str) -> Critic | None:
    return (
        Critic.objects.prefetch_related("publications")
        .defer("search_vector")
        .filter(slug=slug)
        .first()
    )


def publication_for_page(slug: str) -> Publication | None:
    return Publication.objects.prefetch_related("critics").filter(slug=slug).first()


# News and features


def articles_for_listing(kind: str | None = None) -> QuerySet[Article]:
    articles = Article.objects.published().select_related("author").defer("body", "search_vector")
    if kind in Article.Kind.values:
        articles = articles.filter(kind=kind)
    return articles.order_by("-publish_at", "-pk")


def latest_articles(limit: int = 5) -> QuerySet[Article]:
    return articles_for_listing()[:limit]


def article_for_page(slug: str) -> Article | None:
    """Any article with this slug, published or not: the view decides who may see it."""
    return (
        Article.objects.select_related("author")
        .defer("search_vector", "author__search_vector")
        .prefetch_related("tags", "related_films")  # type: ignore[misc]  # taggit is untyped
        .filter(slug=slug)
        .first()
    )


def news_about_film(film: Film, limit: int = 5) -> QuerySet[Article]:
    return articles_for_listing().filter(related_films=film)[:limit]


# Tags

TAG_PAGE_LIMIT = 50


def tags_in_public_use() -> QuerySet[Tag]:
    """Tags on at least one film (films are always public), published review or article.

    A tag used only on drafts, scheduled or withdrawn work has no page: its name alone
    could tell what is being written."""
    return Tag.objects.filter(  # type: ignore[no-any-return]  # taggit has no type information
        Exists(Film.objects.filter(tags=OuterRef("pk")))
        | Exists(Review.objects.published().filter(tags=OuterRef("pk")))
        | Exists(Article.objects.published().filter(tags=OuterRef("pk")))
    )


def tag_for_page(slug: str) -> Tag | None:
    return tags_in_public_use().filter(slug=slug).first()


def tagged_content(tag: Tag) -> dict[str, QuerySet[Film] | QuerySet[Review] | QuerySet[Article]]:
    return {
        "films": films_for_listing().filter(tags=tag)[:TAG_PAGE_LIMIT],
        "reviews": reviews_for_cards().filter(tags=tag)[:TAG_PAGE_LIMIT],
        "articles": articles_for_listing().filter(tags=tag)[:TAG_PAGE_LIMIT],
    }


def next_publication_at() -> datetime | None:
    """The earliest time a scheduled review or article goes live, or None."""
    times = [
        model.objects.scheduled().aggregate(next=Min("publish_at"))["next"]
        for model in (Review, Article)
    ]
    times = [time for time in times if time is not None]
    return min(times) if times else None
