from functools import partial

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from ninja.openapi.views import openapi_view

from critics import views
from critics.api import api
from critics.sitemaps import SITEMAPS
from critics.urls import critic_patterns, film_patterns, tag_patterns

# Swagger UI's own stylesheet draws its icons as data: SVG images. Only the API docs
# page may load data: images; every other page keeps the strict policy in settings.
API_DOCS_CSP = {**settings.SECURE_CSP, "img-src": [CSP.SELF, "data:"]}

admin.site.site_header = "Film critics' CMS"
admin.site.site_title = "Film critics' CMS"
admin.site.index_title = "Catalogue, critics and reviews"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("films/", include(film_patterns)),
    path("tags/", include(tag_patterns)),
    path("search/", views.SearchView.as_view(), name="search"),
    path("api/docs", csp_override(API_DOCS_CSP)(partial(openapi_view, api=api))),
    path("api/", api.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon),
    path("", include(critic_patterns)),
]

handler404 = "critics.views.page_not_found"
handler500 = "critics.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
