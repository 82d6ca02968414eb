"""CSV import and export in the review admin.

Import is upload -> preview (what would change, and every problem with its line) ->
confirm. Between preview and confirm the file waits in a private temporary folder
under a random name; the confirm form carries that name signed together with the
editor's id and the options, so nobody can confirm another editor's upload, pick
another file, or change the options after seeing the preview. Confirm checks the
file again, so what is written is always what a fresh check allows.
"""

import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from critics.importer.apply import ImportConflict, apply_plan
from critics.importer.csv_format import CsvFileError
from critics.importer.export import export_reviews
from critics.importer.report import plural, summary_lines
from critics.importer.validate import build_plan
from critics.permissions import is_editor

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PREVIEW_MAX_AGE = 60 * 60  # seconds an upload waits for its confirmation
UPLOAD_DIR = Path(tempfile.gettempdir()) / "reviews-site-imports"
_SIGNING_SALT = "critics.admin.review-import"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with a header row; see the format below. Up to 20 MB (larger files: "
        "manage.py import_reviews).",
    )
    create_films = forms.BooleanField(
        label="Create missing films",
        required=False,
        help_text="Add films that are not in the catalogue yet.",
    )
    skip_invalid = forms.BooleanField(
        label="Skip invalid rows",
        required=False,
        help_text="Import the valid rows and skip the invalid ones.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; this page takes files up to "
                f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Import it with manage.py import_reviews."
            )
        return upload


class ReviewImportExportMixin:
    """Adds the import page and the export action to the review admin."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name=f"{self._url_prefix}_import"), *super().get_urls()]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Added here rather than to `actions`, so the list survives other mixins' own.
        actions = super().get_actions(request, action_location)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        if self.has_view_permission(request):
            action = self.get_action("export_selected_csv", action_location)
            if action is not None:
                actions[action.name] = action
        return actions

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_reviews": self.can_import(request)}
        return super().changelist_view(request, extra_context)

    def can_import(self, request) -> bool:
        return request.user.has_perm("critics.add_review") and is_editor(request.user)

    @admin.action(description="Export selected reviews as CSV")
    def export_selected_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"reviews-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        export_reviews(queryset, response)
        return response

    def import_view(self, request):
        if not self.can_import(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_import(request)
        if request.method != "POST":
            return self._render(request, "import.html", {"form": ImportUploadForm()})
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            options = {
                "create_films": form.cleaned_data["create_films"],
                "skip_invalid": form.cleaned_data["skip_invalid"],
            }
            try:
                plan = build_plan(data, create_films=options["create_films"])
            except CsvFileError as error:
                form.add_error("file", f"{error}. Nothing was imported.")
            else:
                token = self._keep_upload(request, data, options)
                return self._preview(request, plan, options, token)
        return self._render(request, "import.html", {"form": form})

    def _preview(self, request, plan, options, token):
        context = {
            "plan": plan,
            "summary": summary_lines(plan),
            "options": options,
            "token": token,
            "can_confirm": bool(plan.new) and (not plan.errors or options["skip_invalid"]),
        }
        return self._render(request, "import_preview.html", context)

    def _confirm_import(self, request):
        try:
            payload = signing.loads(
                request.POST.get("token", ""), salt=_SIGNING_SALT, max_age=PREVIEW_MAX_AGE
            )
            if payload["user"] != request.user.pk:
                raise signing.BadSignature("another user's upload")
            stored = UPLOAD_DIR / payload["file"]
            data = stored.read_bytes()
        except (signing.BadSignature, KeyError, OSError):
            self.message_user(
                request, "That preview has expired; upload the file again.", messages.ERROR
            )
            return HttpResponseRedirect(reverse(f"admin:{self._url_prefix}_import"))
        options = {name: bool(payload.get(name)) for name in ("create_films", "skip_invalid")}
        try:
            plan = build_plan(data, create_films=options["create_films"])
            if plan.errors and not options["skip_invalid"]:
                # The catalogue changed since the preview: show the new problems instead.
                return self._preview(request, plan, options, request.POST["token"])
            result = apply_plan(plan, user=request.user)
        except (CsvFileError, ImportConflict) as error:
            self.message_user(request, f"{error}", messages.ERROR)
            return HttpResponseRedirect(reverse(f"admin:{self._url_prefix}_import"))
        stored.unlink(missing_ok=True)
        skipped = len(plan.invalid_lines)
        self.message_user(
            request,
            f"Imported {plural(result.created, 'review')} "
            f"({len(plan.unchanged):,} already there"
            + (f", {plural(skipped, 'invalid row')} skipped" if skipped else "")
            + f"); consensus recomputed for {plural(len(result.film_ids), 'film')}.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse(f"admin:{self._url_prefix}_changelist"))

    @property
    def _url_prefix(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}"

    def _keep_upload(self, request, data: bytes, options: dict) -> str:
        UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
        cutoff = time.time() - PREVIEW_MAX_AGE
        for old in UPLOAD_DIR.glob("*.csv"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        name = f"{secrets.token_urlsafe(24)}.csv"
        (UPLOAD_DIR / name).write_bytes(data)
        payload = {"file": name, "user": request.user.pk, **options}
        return signing.dumps(payload, salt=_SIGNING_SALT)

    def _render(self, request, template: str, context: dict):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import reviews from CSV",
            **context,
        }
        return TemplateResponse(
            request,
            [f"admin/{self.opts.app_label}/{self.opts.model_name}/{template}"],
            context,
        )
