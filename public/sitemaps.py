"""The sitemap index (/sitemap.xml) and one paginated sitemap per section.

Each section lists public content only, PAGE_SIZE URLs a page, in the order of an
index, and each page costs one query however big the site grows.
"""

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.urls import reverse

from critics.models import Article, Critic, Publication, Review
from critics.queries import tags_in_public_use
from films.models import Film, Person

# Small enough that the deepest page of reviews stays quick, large enough that the
# index of a million reviews lists a few hundred pages, not thousands.
PAGE_SIZE = 5_000
# The sitemaps protocol caps an index at 50,000 sitemaps; deeper page numbers would
# only ask the database for absurd offsets.
MAX_PAGES = 50_000


class KeyPagePaginator(Paginator):
    """Cuts a page from the primary keys alone, then loads only that page's rows.

    An OFFSET over whole rows makes PostgreSQL read, or sort, every earlier row. Here
    the OFFSET runs in a subquery that selects only the primary key, in an order an
    index serves, so it reads the index alone. The sitemap view never shows a page
    count, so a page skips the COUNT and an empty page is found from its own rows; the
    sitemap index still counts (Paginator.count) to list every page.
    """

    object_list: QuerySet[Any]  # a queryset, not any sequence: its keys are selected first

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if not 1 <= number <= MAX_PAGES:
            raise EmptyPage("That page contains no results")
        offset = (number - 1) * self.per_page
        keys = self.object_list.values("pk")[offset : offset + self.per_page]
        rows = list(self.object_list.filter(pk__in=keys))
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        # Django's hook for making a page (not in django-stubs, which omit private names).
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]


class ContentSitemap(Sitemap):
    """A section of database rows; items() must order them by an indexed key ending in pk."""

    limit = PAGE_SIZE

    def items(self) -> QuerySet[Any]:
        raise NotImplementedError  # each section names its rows

    @property
    def paginator(self) -> "KeyPagePaginator":
        return KeyPagePaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        # No lastmod in the index: the newest updated_at would scan the whole table (no
        # index on it), and Django would give that one date to every page of the
        # section, telling crawlers that all of them changed.
        return None


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "home",
            "films:list",
            "critics:list",
            "critics:publications",
            "critics:news",
            "tags:list",
        ]

    def location(self, name):
        return reverse(name)


class FilmSitemap(ContentSitemap):
    changefreq = "daily"
    priority = 0.9

    def items(self):
        return Film.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, film):
        return film.updated_at


class ReviewSitemap(ContentSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        # Oldest first (review_published_idx): new reviews land on the last page, so
        # earlier pages keep their URLs.
        return Review.objects.published().only("pk", "updated_at").order_by("publish_at", "pk")

    def lastmod(self, review):
        return review.updated_at


class ArticleSitemap(ContentSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("publish_at", "pk")

    def lastmod(self, article):
        return article.updated_at


class CriticSitemap(ContentSitemap):
    priority = 0.5

    def items(self):
        # Placeholders for unsigned reviews have no page of their own.
        critics = Critic.objects.active().filter(is_unattributed=False)
        return critics.only("slug", "updated_at").order_by("pk")

    def lastmod(self, critic):
        return critic.updated_at


class PublicationSitemap(ContentSitemap):
    priority = 0.4

    def items(self):
        return Publication.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, publication):
        return publication.updated_at


class PersonSitemap(ContentSitemap):
    priority = 0.4

    def items(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, person):
        return person.updated_at


class TagSitemap(ContentSitemap):
    priority = 0.3

    def items(self):
        return tags_in_public_use().only("slug").order_by("pk")

    def location(self, tag):
        return reverse("tags:detail", kwargs={"slug": tag.slug})


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "films": FilmSitemap,
    "reviews": ReviewSitemap,
    "news": ArticleSitemap,
    "critics": CriticSitemap,
    "publications": PublicationSitemap,
    "people": PersonSitemap,
    "tags": TagSitemap,
}
