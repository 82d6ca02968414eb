"""The admin's "View on site" redirect (<admin>/r/<content type id>/<object id>/), limited
to what the user may view in the admin.

Django's own view (django.contrib.contenttypes.views.shortcut) redirects any staff user
to any object's public address: a critic could learn the slug of another critic's draft
article, or whether a draft review exists. Here an object the user may not view in the
admin answers 404, as a missing one does; for the rest Django's view runs unchanged.

Shared by the catalogue's and the critics' admin, so it imports neither app.
"""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404

# The same path as AdminSite.get_urls() gives Django's view ("admin:view_on_site"), so the
# admin's links keep working; reviews_site/urls.py lists it before the admin's own URLs.
PATH = "r/<path:content_type_id>/<path:object_id>/"


def view_on_site(request, content_type_id, object_id):
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a content type whose model is gone
            raise Http404("No such object.")
        model_admin = admin.site.get_model_admin(model)
    except (ContentType.DoesNotExist, ValueError, NotRegistered):
        raise Http404("No such object.") from None
    # get_object() sees only the model admin's queryset, e.g. a critic's own work.
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("No such object.")
    return shortcut(request, content_type_id, object_id)
