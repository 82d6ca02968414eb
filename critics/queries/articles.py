"""News and features, and tag pages (a tag gathers films, reviews and articles)."""

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from taggit.models import Tag

from critics.models import Article, Review
from critics.queries.films import films_for_listing
from critics.queries.reviews import reviews_for_cards
from films.models import Film


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


def published_article(slug: str) -> Article | None:
    """The article with this slug if readers may see it, with its tags and films."""
    return (
        Article.objects.published()
        .select_related("author")
        .defer("search_vector", "author__search_vector")
        .prefetch_related(  # type: ignore[misc]  # taggit is untyped
            "tags",
            Prefetch("related_films", queryset=films_for_listing(sort="title")),
        )
        .filter(slug=slug)
        .first()
    )


def news_about_film(film: Film, limit: int = 5) -> QuerySet[Article]:
    return articles_for_listing().filter(related_films=film)[:limit]


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


def _count_of(rows: QuerySet) -> Subquery:
    """How many of `rows` there are, as a subquery run per outer row (on a page's rows
    only, after LIMIT): COUNT over the whole join, with no GROUP BY to set up."""
    counted = rows.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Subquery(counted, output_field=IntegerField())


def tags_for_listing() -> QuerySet[Tag]:
    """Tags in public use, by name, each with how many films, published reviews and
    published articles carry it (never counting drafts, scheduled or withdrawn work)."""
    tagged = OuterRef("pk")
    return (  # type: ignore[no-any-return]  # taggit is untyped
        tags_in_public_use()
        .annotate(
            film_count=_count_of(Film.objects.filter(tags=tagged)),
            review_count=_count_of(Review.objects.published().filter(tags=tagged)),
            article_count=_count_of(Article.objects.published().filter(tags=tagged)),
        )
        .order_by("name", "pk")
    )


def tag_for_page(slug: str) -> Tag | None:
    return tags_in_public_use().filter(slug=slug).first()


def tagged_content(tag: Tag) -> dict[str, QuerySet]:
    return {
        "films": films_for_listing().filter(tags=tag)[:TAG_PAGE_LIMIT],
        "reviews": reviews_for_cards().filter(tags=tag)[:TAG_PAGE_LIMIT],
        "articles": articles_for_listing().filter(tags=tag)[:TAG_PAGE_LIMIT],
    }
