"""The review and article admin as a workflow: who sees and changes what, the publishing
steps (buttons on the form, actions on the list), preview and share links.

The rules come from critics.permissions and critics.services.workflow; this module
only applies them to every admin entry point: list, change, add, actions, history.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from core.admin_concurrency import VersionedAdmin
from critics import permissions
from critics.admin.forms import STEP_BUTTONS, WORKFLOW_FIELD
from critics.admin.history import RevisionHistoryAdmin
from critics.models import Critic, PublishingStatus
from critics.services import workflow
from critics.sharing import can_be_shared, revoke_share_links, share_path

WORKFLOW_FIELDS = ["status", "publish_at", "editor_feedback"]


class ShareLinkForm(forms.Form):
    valid_for = forms.TypedChoiceField(
        label="Link works for",
        choices=[(1, "1 day"), (7, "7 days"), (30, "30 days")],
        coerce=int,
        initial=7,
    )


class EditorialAdmin(VersionedAdmin, RevisionHistoryAdmin):
    change_form_template = "admin/critics/editorial_change_form.html"
    actions = ["submit_selected", "publish_selected", "withdraw_selected", "reopen_selected"]

    @property
    def author(self) -> str:
        return permissions.author_field(self.model)

    def view_on_site(self, obj):
        # Readers' address only once it is live; before that the form offers "Preview".
        return obj.get_absolute_url() if obj.is_public else None

    # Who sees and changes what: the list, every object page, and adding.

    def get_queryset(self, request):
        return permissions.work_visible_to(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not permissions.sees_all_work(request.user, self.model):
            # Another critic's work (or nothing at all): a plain 404, not a hint.
            raise Http404("None of your work has this address.")
        return obj

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.can_view_work(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_change_work(request.user, obj))

    def has_add_permission(self, request):
        user = request.user
        return super().has_add_permission(request) and (
            permissions.writes_for_anyone(user, self.model)
            or permissions.own_critic_id(user) is not None
        )

    def has_delete_permission(self, request, obj=None):
        # Deleting is a change: whoever may delete changes only what they may change.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_change_work(request.user, obj))

    def may_publish(self, request) -> bool:
        return permissions.may(request.user, "publish", self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "status"]
        if not self.may_publish(request):
            fields += ["publish_at", "editor_feedback"]
        return fields

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if permissions.writes_for_anyone(request.user, self.model):
            return fields
        return [name for name in fields if name != self.author]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.author and not permissions.writes_for_anyone(
            request.user, self.model
        ):
            # A critic's work is always their own: the only choice is themselves.
            kwargs["queryset"] = Critic.objects.filter(pk=permissions.own_critic_id(request.user))
            kwargs["initial"] = permissions.own_critic_id(request.user)
            kwargs["required"] = True
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        step = request.POST.get(WORKFLOW_FIELD, "") if request.method == "POST" else ""
        attributes = {"editing_user": request.user, "workflow_step": step}
        return type(form.__name__, (form,), attributes)

    # Saving: the workflow fields change only through a workflow step.

    def save_model(self, request, obj, form, change):
        user = request.user
        publisher = self.may_publish(request)
        locked = WORKFLOW_FIELDS if self.is_restoring(request) or not publisher else ["status"]
        if change:
            # The share secret as stored, never as loaded: a revoke in between must stand.
            locked = [*locked, "share_secret"]
            stored = type(obj)._default_manager.filter(pk=obj.pk).values(*locked).get()
            for name, value in stored.items():
                setattr(obj, name, value)
        else:
            obj.status = PublishingStatus.DRAFT
        if not permissions.writes_for_anyone(user, self.model):
            setattr(obj, f"{self.author}_id", permissions.own_critic_id(user))
        obj._history_user = user
        step_name = getattr(form, "workflow_step", "")
        if step_name:
            workflow.prepare(
                item=obj, by=user, step_name=step_name, at=obj.publish_at, note=obj.editor_feedback
            )
        self.save_item(request, obj, form, change)
        if step_name:
            self.message_user(request, self.step_message(obj, step_name), messages.SUCCESS)

    def save_item(self, request, obj, form, change):
        obj.save()

    def step_message(self, obj, step_name) -> str:
        if step_name == "publish" and workflow.is_scheduled(obj):
            when = date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT")
            return f"“{obj}” is scheduled: it goes live on {when}."
        return f"“{obj}” was {workflow.STEPS[step_name].done}."

    # The change form: workflow buttons, preview, share link, changes since published.

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        user = request.user
        item = obj or self.model(
            status=PublishingStatus.DRAFT,
            **{f"{self.author}_id": permissions.own_critic_id(user)},
        )
        can_change = add or self.has_change_permission(request, obj)
        steps = workflow.available_steps(item=item, by=user) if can_change else []
        info = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        unpublished = obj is not None and not obj.is_public
        may_share = obj is not None and permissions.can_share(user, obj)
        context.update(
            workflow_buttons=[(step.name, STEP_BUTTONS[step.name]) for step in steps],
            workflow_field=WORKFLOW_FIELD,
            scheduled=obj is not None and workflow.is_scheduled(obj),
            preview_url=obj.get_absolute_url()
            if unpublished and permissions.can_preview(user, obj)
            else None,
            share_link_url=reverse(f"{info}_share_link", args=[obj.pk])
            if may_share and can_be_shared(obj)
            else None,
            revoke_share_links_url=reverse(f"{info}_revoke_share_links", args=[obj.pk])
            if may_share and obj.share_secret
            else None,
            compare_url=reverse(f"{info}_changes_since_published", args=[obj.pk]) if obj else None,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        share = self.admin_site.admin_view(self.share_link_view)
        revoke = self.admin_site.admin_view(self.revoke_share_links_view)
        return [
            path("<path:object_id>/share-link/", share, name=f"{prefix}_share_link"),
            path(
                "<path:object_id>/share-link/revoke/",
                revoke,
                name=f"{prefix}_revoke_share_links",
            ),
            *super().get_urls(),
        ]

    def shareable_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        if not permissions.can_share(request.user, obj):
            raise PermissionDenied
        return obj

    def share_link_view(self, request, object_id):
        obj = self.shareable_object(request, object_id)
        form = ShareLinkForm(request.POST or None)
        link = expires = None
        shareable = can_be_shared(obj)
        if request.method == "POST" and shareable and form.is_valid():
            valid_for = timedelta(days=form.cleaned_data["valid_for"])
            link = request.build_absolute_uri(share_path(obj, valid_for=valid_for))
            expires = timezone.now() + valid_for
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Share link for “{obj}”",
            "form": form,
            "link": link,
            "expires": expires,
            "shareable": shareable,
            "revoke_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_revoke_share_links",
                args=[obj.pk],
            )
            if obj.share_secret
            else None,
        }
        return TemplateResponse(request, "admin/critics/share_link.html", context)

    def revoke_share_links_view(self, request, object_id):
        """Asks first (GET), then ends every share link made for the item so far (POST)."""
        obj = self.shareable_object(request, object_id)
        if request.method == "POST":
            revoke_share_links(obj)
            self.log_change(request, obj, "Revoked all share links.")
            self.message_user(
                request,
                f"Every share link made for “{obj}” so far now shows “Page not found”. "
                "New links can be made as before.",
                messages.SUCCESS,
            )
            change_url = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
            return HttpResponseRedirect(reverse(change_url, args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Revoke share links for “{obj}”?",
        }
        return TemplateResponse(request, "admin/critics/revoke_share_links.html", context)

    # List actions: each re-checks every selected item through the workflow.

    def has_submit_permission(self, request):
        user = request.user
        return (
            permissions.writes_for_anyone(user, self.model)
            or permissions.own_critic_id(user) is not None
        )

    def has_publish_permission(self, request):
        return self.may_publish(request)

    @admin.action(
        description="Submit selected %(verbose_name_plural)s for review", permissions=["submit"]
    )
    def submit_selected(self, request, queryset):
        self.take_step(request, queryset, "submit")

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.take_step(request, queryset, "publish")

    @admin.action(description="Withdraw selected %(verbose_name_plural)s", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self.take_step(request, queryset, "withdraw")

    @admin.action(
        description="Re-open selected %(verbose_name_plural)s as drafts",
        permissions=["publish"],
    )
    def reopen_selected(self, request, queryset):
        self.take_step(request, queryset, "reopen")

    def take_step(self, request, queryset, step_name):
        result = workflow.take_step_for_each(
            queryset=queryset, by=request.user, step_name=step_name
        )
        done = workflow.STEPS[step_name].done
        count = len(result.done)
        self.message_user(
            request,
            ngettext("%(count)d item was %(done)s.", "%(count)d items were %(done)s.", count)
            % {"count": count, "done": done},
            messages.SUCCESS if count else messages.WARNING,
        )
        if result.refused:
            reasons = "; ".join(f"“{item}”: {reason}" for item, reason in result.refused)
            self.message_user(request, f"Not {done.split(' ')[0]}: {reasons}.", messages.WARNING)
