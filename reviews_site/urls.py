from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from critics.api import api
from critics.urls import critic_patterns, film_patterns
from critics.views import HomeView

admin.site.site_header = "Film critics' CMS"
admin.site.site_title = "Film critics' CMS"
admin.site.index_title = "Catalogue, critics and reviews"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("films/", include(film_patterns)),
    path("api/", api.urls),
    path("", include(critic_patterns)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
