"""The read layer: what the public pages and the API read, one named function per shape.

Each function fixes its joins and prefetches so that a page or endpoint runs the same
number of queries however many reviews, credits, films or tags it shows. Only
published() reviews and articles leave it, except `review_for_page` and
`article_for_page`, whose views decide who may see a draft. Pages and the API call
the same functions, so they agree on what "newest" or "a film's consensus" means.
"""

from critics.queries.articles import (
    TAG_PAGE_LIMIT,
    article_for_page,
    articles_for_listing,
    latest_articles,
    news_about_film,
    tag_for_page,
    tagged_content,
    tags_in_public_use,
)
from critics.queries.films import (
    FILM_SORTS,
    FILMS_NEWEST_FIRST,
    FilmSort,
    consensus_of,
    film_by_slug,
    film_for_page,
    film_tags,
    film_with_consensus,
    film_years,
    films_for_listing,
    person_for_page,
    strongest_consensus_lately,
)
from critics.queries.people import (
    CriticRecord,
    critic_for_page,
    critic_record,
    critics_for_listing,
    publication_for_page,
)
from critics.queries.reviews import (
    FILM_PAGE_REVIEWS,
    REVIEW_FILTERS,
    REVIEW_SORTS,
    film_review_counts,
    latest_reviews,
    next_publication_at,
    other_reviews_of_film,
    published_reviews_by_id,
    review_for_page,
    reviews_by_critic,
    reviews_cited_by,
    reviews_for_cards,
    reviews_for_film_page,
    reviews_in_publication,
)

__all__ = [
    "FILMS_NEWEST_FIRST",
    "FILM_PAGE_REVIEWS",
    "FILM_SORTS",
    "REVIEW_FILTERS",
    "REVIEW_SORTS",
    "TAG_PAGE_LIMIT",
    "CriticRecord",
    "FilmSort",
    "article_for_page",
    "articles_for_listing",
    "consensus_of",
    "critic_for_page",
    "critic_record",
    "critics_for_listing",
    "film_by_slug",
    "film_for_page",
    "film_review_counts",
    "film_tags",
    "film_with_consensus",
    "film_years",
    "films_for_listing",
    "latest_articles",
    "latest_reviews",
    "news_about_film",
    "next_publication_at",
    "other_reviews_of_film",
    "person_for_page",
    "publication_for_page",
    "published_reviews_by_id",
    "review_for_page",
    "reviews_by_critic",
    "reviews_cited_by",
    "reviews_for_cards",
    "reviews_for_film_page",
    "reviews_in_publication",
    "strongest_consensus_lately",
    "tag_for_page",
    "tagged_content",
    "tags_in_public_use",
]
