"""Optimistic locking for admin change forms: two editors never silently overwrite each other.

The change form carries, in a hidden field, the `updated_at` (auto_now) its object had
when the form was loaded. On save the stored row is locked (SELECT ... FOR UPDATE, inside
the admin's save transaction) and compared with it: if someone saved in between, the form
is refused with who and when, and nothing is written. The lock is held until the save
commits, so two simultaneous saves cannot both pass the check.

Shared by the catalogue's and the critics' admin, so it imports neither app.
"""

from datetime import datetime

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.formats import date_format

VERSION_FIELD = "loaded_version"


def stored_version(model, pk, *, lock: bool = False) -> datetime | None:
    rows = model._base_manager.filter(pk=pk)
    if lock:
        rows = rows.select_for_update()
    return rows.values_list("updated_at", flat=True).first()


def last_saved_by(obj) -> str:
    """Who saved this object last: its revision history if it has one, else the admin log."""
    user = None
    history = getattr(obj, "history", None)
    if history is not None and hasattr(history, "model"):
        latest = history.select_related("history_user").order_by("-history_date").first()
        user = latest.history_user if latest else None
    else:
        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=str(obj.pk),
            )
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        user = entry.user if entry else None
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def conflict_message(obj, saved_at: datetime) -> str:
    when = date_format(timezone.localtime(saved_at), "DATETIME_FORMAT")
    who = last_saved_by(obj)
    return (
        f"Someone else ({f'{who}, ' if who else ''}{when}) saved this "
        f"{obj._meta.verbose_name} while you were editing it; your changes were not saved. "
        "Reload to see theirs."
    )


class VersionedForm(forms.ModelForm):
    """A model form that refuses to save over a version newer than the one it was loaded with.

    A post without the hidden field (a script, an old tab) is not checked.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    conflict = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            # Read from the database, not the instance: restoring an old revision builds
            # the form from that revision's copy, whose updated_at is long past.
            version = stored_version(type(self.instance), self.instance.pk)
            self.initial[VERSION_FIELD] = version.isoformat() if version else ""

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get(VERSION_FIELD)
        if loaded and self.instance.pk is not None:
            try:
                loaded_at = datetime.fromisoformat(loaded)
            except ValueError:
                raise ValidationError("This form is damaged: reload the page.") from None
            stored = stored_version(type(self.instance), self.instance.pk, lock=True)
            if stored is not None and stored != loaded_at:
                self.conflict = True
                raise ValidationError(conflict_message(self.instance, stored), code="conflict")
        return cleaned

    def _post_clean(self):
        # A refused form leaves the object as stored: the page around the redisplayed
        # form (status, preview links) then describes the other editor's version.
        if not self.conflict:
            super()._post_clean()


class VersionedAdmin:
    """ModelAdmin mixin: puts the hidden version in the change form and saves atomically.

    The admin's change view already validates and saves in one transaction; restoring a
    revision (django-simple-history's view) does not, so it is wrapped here.
    """

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != VERSION_FIELD]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        # Only where the form can be saved: a view-only page would show it as an empty row.
        if fieldsets and obj is not None and self.has_change_permission(request, obj):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
        return fieldsets

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)
