"""RSS and Atom feeds (django.contrib.syndication): latest reviews, per critic, per film, news.

Each RSS feed has an Atom twin that only swaps the feed type and its self link.

Readers take an item's description as HTML (RSS by convention, Atom's summary is
type="html"), and ours is plain text, so it is escaped first: a quote that looks like
markup is shown as typed, never run. Titles and names stay plain text, as RSS practice
and Atom's type="text" read them; escaping them too would show "&amp;" to readers.
"""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from critics import queries
from critics.models import Critic
from films.models import Film
from public.templatetags.public_site import review_label

ITEMS = 30

# Control characters XML 1.0 cannot carry. Django refuses to write them (a server
# error), and text pasted from a word processor can hold them.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(value):
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", value)
    if isinstance(value, list | tuple):
        return [_xml_safe(item) for item in value]
    return value


class XmlSafeFeed(Feed):
    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = {key: _xml_safe(value) for key, value in feed.feed.items()}
        feed.items = [{key: _xml_safe(value) for key, value in item.items()} for item in feed.items]
        return feed


class ReviewFeedMixin:
    def item_title(self, review):
        # Film, author and outlet: a feed reader lists titles alone, and "Review of
        # La La Land" three times tells nobody whose review each is.
        return review_label(review)

    def item_description(self, review):
        return escape(review.quote or review.pull_quote)

    def item_link(self, review):
        return review.get_absolute_url()

    def item_pubdate(self, review):
        # The review's own date, only when its source gives one (never invented), and
        # only when it is the day it went live here, so the feed's dates keep its order.
        published_on = review.published_on
        if published_on and published_on == timezone.localdate(review.publish_at):
            return review.publish_at
        return None

    def item_updateddate(self, review):
        # An entry whose date is unknown carries none at all, though Atom asks for one.
        return review.updated_at if self.item_pubdate(review) else None

    def item_author_name(self, review):
        if review.critic.is_unattributed or review.is_unsigned:
            return review.publication.name if review.publication_id else None
        return review.critic.name

    def item_categories(self, review):
        return [review.counted_verdict] if review.counted_verdict else []


class LatestReviewsFeed(ReviewFeedMixin, XmlSafeFeed):
    title = "Critics' Consensus: latest reviews"
    description = "The newest film reviews published by our critics."

    def link(self):
        return reverse("home")

    def items(self):
        return queries.latest_reviews(ITEMS)


class LatestReviewsAtomFeed(LatestReviewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestReviewsFeed.description


class CriticReviewsFeed(ReviewFeedMixin, XmlSafeFeed):
    def get_object(self, request, slug):
        # Placeholders for unsigned reviews are not people and have no feed.
        return get_object_or_404(Critic, slug=slug, is_unattributed=False)

    def title(self, critic):
        return f"Reviews by {critic.name}"

    def description(self, critic):
        return f"The latest reviews by {critic.name} on Critics' Consensus."

    def link(self, critic):
        return critic.get_absolute_url()

    def items(self, critic):
        return queries.reviews_by_critic(critic)[:ITEMS]


class CriticReviewsAtomFeed(CriticReviewsFeed):
    feed_type = Atom1Feed
    subtitle = CriticReviewsFeed.description


class FilmReviewsFeed(ReviewFeedMixin, XmlSafeFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Film, slug=slug)

    def title(self, film):
        return f"Reviews of {film}"

    def description(self, film):
        return f"Critics' reviews of {film} as they are published."

    def link(self, film):
        return film.get_absolute_url()

    def items(self, film):
        return queries.reviews_for_film_page(film)[:ITEMS]


class FilmReviewsAtomFeed(FilmReviewsFeed):
    feed_type = Atom1Feed
    subtitle = FilmReviewsFeed.description


class NewsFeed(XmlSafeFeed):
    title = "Critics' Consensus: news and features"
    description = "Film news and features."

    def link(self):
        return reverse("critics:news")

    def items(self):
        return queries.articles_for_listing()[:ITEMS]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return escape(article.standfirst)

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        author = article.author
        return author.name if author and not author.is_unattributed else None


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
