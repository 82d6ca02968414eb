from django.urls import path, register_converter
from django.urls.converters import StringConverter

from public import feeds, views

# Namespaces: the catalogue pages ("films:"), the critics' pages ("critics:") and
# tags ("tags:"). All live here because the film page shows reviews, and `films`
# knows nothing of them.
film_patterns = (
    [
        path("", views.FilmListView.as_view(), name="list"),
        path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
        path("<slug:slug>/", views.FilmDetailView.as_view(), name="detail"),
        path("<slug:slug>/score/", views.ScoreReceiptView.as_view(), name="score"),
        path("<slug:slug>/score.csv", views.score_receipt_csv, name="score-csv"),
        path("<slug:slug>/reviews/", views.FilmReviewsView.as_view(), name="reviews"),
        path("<slug:slug>/feed/", feeds.FilmReviewsFeed(), name="feed"),
        path("<slug:slug>/feed/atom/", feeds.FilmReviewsAtomFeed(), name="feed-atom"),
    ],
    "films",
)

critic_patterns = (
    [
        path("reviews/feed/", feeds.LatestReviewsFeed(), name="reviews-feed"),
        path("reviews/feed/atom/", feeds.LatestReviewsAtomFeed(), name="reviews-feed-atom"),
        path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review"),
        path("news/", views.ArticleListView.as_view(), name="news"),
        path("news/feed/", feeds.NewsFeed(), name="news-feed"),
        path("news/feed/atom/", feeds.NewsAtomFeed(), name="news-feed-atom"),
        path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
        path("critics/", views.CriticListView.as_view(), name="list"),
        path("critics/<slug:slug>/", views.CriticDetailView.as_view(), name="critic"),
        path("critics/<slug:slug>/feed/", feeds.CriticReviewsFeed(), name="critic-feed"),
        path(
            "critics/<slug:slug>/feed/atom/",
            feeds.CriticReviewsAtomFeed(),
            name="critic-feed-atom",
        ),
        path("publications/", views.PublicationListView.as_view(), name="publications"),
        path(
            "publications/<slug:slug>/",
            views.PublicationDetailView.as_view(),
            name="publication",
        ),
    ],
    "critics",
)


class TagSlugConverter(StringConverter):
    # taggit keeps Unicode in tag slugs ("日本映画") and gives the first tag without
    # letters or digits ("★★★") an empty one: the pages linking them must not fail.
    regex = r"[-\w]*"


register_converter(TagSlugConverter, "tagslug")

tag_patterns = (
    [
        path("", views.TagListView.as_view(), name="list"),
        path("<tagslug:slug>/", views.TagDetailView.as_view(), name="detail"),
    ],
    "tags",
)
