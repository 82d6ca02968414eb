"""Revision history of reviews and articles: who changed what, the diff against the
published version, and restore (django-simple-history's revert), for the same people
who may see and change the item itself."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from critics import permissions
from critics.models import PublishingStatus

NOT_COMPARED = ["created_at", "updated_at"]


def changes_since_published(revision):
    """(the last revision published before this one, [(field label, then, now)])."""
    published = (
        type(revision)
        .objects.filter(
            id=revision.id,
            status=PublishingStatus.PUBLISHED,
            history_id__lt=revision.history_id,
        )
        .order_by("-history_id")
        .first()
    )
    if published is None:
        return None, []
    delta = revision.diff_against(
        published, excluded_fields=NOT_COMPARED, foreign_keys_are_objs=True
    )
    model_opts = revision.instance_type._meta
    rows = []
    for change in delta.changes:
        model_field = model_opts.get_field(change.field)
        choices = dict(model_field.flatchoices) if model_field.choices else {}
        rows.append(
            (
                model_field.verbose_name,
                choices.get(change.old, change.old),
                choices.get(change.new, change.new),
            )
        )
    return published, rows


class RevisionHistoryAdmin(SimpleHistoryAdmin):
    """History pages follow the item's own rules: a critic sees the history of their
    own work only, and restores an old version only while the item is theirs to change.
    Restoring brings back the text and facts, never the publishing status."""

    object_history_list_template = "admin/critics/object_history_list.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_changes_since_published"
        view = self.admin_site.admin_view(self.changes_since_published_view)
        return [
            path("<path:object_id>/changes-since-published/", view, name=name),
            *super().get_urls(),
        ]

    def is_restoring(self, request) -> bool:
        match = request.resolver_match
        return bool(match and match.url_name.endswith("_simple_history"))

    def _stored(self, request, obj):
        # Judge by the item as it is now, never by the old version being looked at.
        return self.get_queryset(request).filter(pk=obj.pk).first()

    def has_view_history_permission(self, request, obj=None):
        if obj is None or permissions.sees_all_work(request.user, self.model):
            return super().has_view_history_permission(request, obj)
        current = self._stored(request, obj)
        return current is not None and self.has_view_permission(request, current)

    def has_change_history_permission(self, request, obj=None):
        if obj is None or permissions.may(request.user, "change_any", self.model):
            return super().has_change_history_permission(request, obj)
        current = self._stored(request, obj)
        return current is not None and self.has_change_permission(request, current)

    def refuse_unseen(self, request, object_id) -> None:
        """Another critic's work answers 404 like a missing item (simple_history would say
        403, which tells that it exists). Those who see all work keep the history of
        deleted items."""
        if permissions.sees_all_work(request.user, self.model):
            return
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404("No such item.")

    def history_view(self, request, object_id, extra_context=None):
        self.refuse_unseen(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.refuse_unseen(request, object_id)
        # simple_history checks only that the user may *see* the item before saving a
        # restore; restoring is a change, so it needs the change permission.
        if request.method == "POST":
            pk_name = self.opts.pk.attname  # on a historical model, "pk" is the revision
            version = self.model.history.filter(
                **{pk_name: unquote(object_id)}, history_id=version_id
            )
            old = version.first()
            if old is None or not self.has_change_history_permission(request, old.instance):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changes_since_published_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        revisions = obj.history.select_related("history_user").order_by("-history_id")
        wanted = request.GET.get("revision", "")
        revision = (
            revisions.filter(history_id=wanted).first() if wanted.isdigit() else revisions.first()
        )
        if revision is None:
            raise Http404("No such revision.")
        published, rows = changes_since_published(revision)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Changes since published: {obj}",
            "revision": revision,
            "published": published,
            "rows": rows,
            "recent_revisions": revisions[:20],
        }
        return TemplateResponse(request, "admin/critics/changes_since_published.html", context)
