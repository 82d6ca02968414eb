"""News and features: the published ones, newest first, and one at a time."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from api.errors import ERRORS, NOT_FOUND
from api.pagination import paginated
from api.schemas import FilmSummary, Slug, url_of
from critics import queries
from critics.models import Article
from critics.models.content import ArticleKind

router = Router()


class ArticleSummary(Schema):
    title: str
    slug: str
    url: str
    kind: ArticleKind
    standfirst: str
    author: str | None
    author_slug: str | None
    published_at: datetime = Field(description="When it went live on this site.")
    original_url: str

    @staticmethod
    def resolve_url(article: Article, context: dict[str, Any]) -> str:
        return url_of(article, context)

    @staticmethod
    def resolve_author(article: Article) -> str | None:
        return article.author.name if article.author else None

    @staticmethod
    def resolve_author_slug(article: Article) -> str | None:
        return article.author.slug if article.author else None

    @staticmethod
    def resolve_published_at(article: Article) -> datetime | None:
        return article.publish_at


class ArticleDetail(ArticleSummary):
    body: str = Field(description="Paragraphs separated by blank lines.")
    tags: list[str]
    related_films: list[FilmSummary]

    @staticmethod
    def resolve_tags(article: Article) -> list[str]:
        return sorted(tag.name for tag in article.tags.all())

    @staticmethod
    def resolve_related_films(article: Article) -> list:
        return list(article.related_films.all())


@router.get("/news/", response={200: list[ArticleSummary], **ERRORS}, tags=["news"])
@paginated
def list_news(
    request: HttpRequest,
    kind: Query[ArticleKind | None] = None,
) -> QuerySet[Article]:
    """Published news and features, newest first; `kind` keeps one of the two."""
    return queries.articles_for_listing(kind)


@router.get("/news/{slug}/", response={200: ArticleDetail, **NOT_FOUND}, tags=["news"])
def article_detail(request: HttpRequest, slug: Slug) -> Article:
    """A published article with its text, tags and the films it is about."""
    article = queries.published_article(slug)
    if article is None:
        raise HttpError(404, f"No article with the slug '{slug}'.")
    return article
