"""Public pages: thin views over critics.queries; only published() content."""

from public.views.discovery import (
    HomeView,
    SearchView,
    TagDetailView,
    TagListView,
    favicon,
    page_not_found,
    robots_txt,
    server_error,
)
from public.views.films import FilmDetailView, FilmListView, FilmReviewsView, PersonDetailView
from public.views.method import MethodView, ScoreReceiptView, score_receipt_csv
from public.views.news import ArticleDetailView, ArticleListView
from public.views.reviews import (
    CriticDetailView,
    CriticListView,
    PublicationDetailView,
    PublicationListView,
    ReviewDetailView,
)

__all__ = [
    "ArticleDetailView",
    "ArticleListView",
    "CriticDetailView",
    "CriticListView",
    "FilmDetailView",
    "FilmListView",
    "FilmReviewsView",
    "HomeView",
    "MethodView",
    "PersonDetailView",
    "PublicationDetailView",
    "PublicationListView",
    "ReviewDetailView",
    "ScoreReceiptView",
    "SearchView",
    "TagDetailView",
    "TagListView",
    "favicon",
    "page_not_found",
    "robots_txt",
    "score_receipt_csv",
    "server_error",
]
