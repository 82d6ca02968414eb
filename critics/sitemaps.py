"""sitemap.xml (django.contrib.sitemaps): every public page, published content only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from taggit.models import Tag

from critics.models import Article, Critic, Publication, Review
from films.models import Film, Person


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["home", "films:list", "critics:list", "critics:news"]

    def location(self, name):
        return reverse(name)


class FilmSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.9

    def items(self):
        return Film.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, film):
        return film.updated_at


class ReviewSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Review.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, review):
        return review.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at


class CriticSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return Critic.objects.active().only("slug", "updated_at").order_by("pk")

    def lastmod(self, critic):
        return critic.updated_at


class PublicationSitemap(Sitemap):
    priority = 0.4

    def items(self):
        return Publication.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, publication):
        return publication.updated_at


class PersonSitemap(Sitemap):
    priority = 0.4

    def items(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, person):
        return person.updated_at


class TagSitemap(Sitemap):
    priority = 0.3

    def items(self):
        return Tag.objects.order_by("pk")

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
