from django.urls import path

from critics import views

# Two namespaces: the catalogue pages ("films:") and the critics' pages ("critics:").
# Both live here because the film page shows reviews, and `films` knows nothing of them.
film_patterns = (
    [
        path("<slug:slug>/", views.FilmDetailView.as_view(), name="detail"),
        path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    ],
    "films",
)

critic_patterns = (
    [
        path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review"),
        path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
        path("critics/<slug:slug>/", views.CriticDetailView.as_view(), name="critic"),
        path(
            "publications/<slug:slug>/",
            views.PublicationDetailView.as_view(),
            name="publication",
        ),
    ],
    "critics",
)
