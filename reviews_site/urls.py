from collections.abc import Collection
from functools import partial

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.defaults import bad_request
from ninja.openapi.views import openapi_view

from api import api
from api.errors import unknown_path, unreadable_request
from core import admin_view_on_site, outage
from core.healthz import healthz
from public import views
from public.sitemaps import SITEMAPS
from public.urls import critic_patterns, film_patterns, tag_patterns

# Swagger UI's own stylesheet draws its icons as data: SVG images. Only the API docs
# page may load data: images; every other page keeps the strict policy in settings.
API_DOCS_CSP: dict[str, Collection[str] | str] = {
    **settings.SECURE_CSP,
    "img-src": [CSP.SELF, "data:"],
}

admin.site.site_header = "Film critics' CMS"
admin.site.site_title = "Film critics' CMS"
admin.site.index_title = "Catalogue, critics and reviews"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # The admin's "View on site" redirect, for what the user may view there: listed
    # before the admin's URLs so that it answers instead of Django's (see the module).
    path(
        settings.ADMIN_URL + admin_view_on_site.PATH,
        admin.site.admin_view(admin_view_on_site.view_on_site),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("films/", include(film_patterns)),
    path("tags/", include(tag_patterns)),
    path("search/", views.SearchView.as_view(), name="search"),
    path("method/", views.MethodView.as_view(), name="method"),
    path("api/docs", csp_override(API_DOCS_CSP)(partial(openapi_view, api=api))),
    path("api/", api.urls),
    path(
        "sitemap.xml",
        sitemaps_views.index,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon),
    path("", include(critic_patterns)),
]

# Clients of the API read JSON whatever address they got wrong; readers get the page.
API_PREFIX = "/api/"


def unreadable_address(request, exception):
    if request.path_info.startswith(API_PREFIX):
        return unreadable_request(request, exception)
    return bad_request(request, exception)


def page_not_found(request, exception):
    if request.path_info.startswith(API_PREFIX):
        return unknown_path(request, exception)
    return views.page_not_found(request, exception)


handler400 = unreadable_address
handler404 = page_not_found
handler500 = outage.outage_aware(views.server_error)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
