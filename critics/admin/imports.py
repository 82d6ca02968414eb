"""CSV import and export in the review admin.

Import is upload -> preview (what would change, and every problem of each line) ->
confirm or cancel. When some lines are invalid the preview offers to import the valid
rows and to download the invalid lines as a CSV file to fix and import again. Between
preview and confirm the file waits in the "imports" storage (critics/importer/staging.py,
where any app server finds it) under a random key; the confirm form carries that key
signed together with the editor's id, the options and the invalid lines the editor
saw, so nobody can confirm another editor's upload, pick another file, change the
options, or skip lines they were not shown. Confirm checks the file again, so what is
written is always what a fresh check allows.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from critics.importer import staging
from critics.importer.apply import ImportConflict, apply_plan
from critics.importer.csv_format import CsvFileError, write_rejected_lines
from critics.importer.export import export_reviews
from critics.importer.report import plural, summary_lines
from critics.importer.validate import build_plan
from critics.permissions import IMPORT_REVIEWS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PREVIEW_MAX_AGE = 60 * 60  # seconds an upload waits for its confirmation
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
        return request.user.has_perm(IMPORT_REVIEWS)

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
        if request.method == "POST" and "token" in request.POST:
            return self._answer_preview(request)
        if request.method != "POST":
            return self._render(request, "import.html", {"form": ImportUploadForm()})
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            options = {"create_films": form.cleaned_data["create_films"]}
            try:
                plan = build_plan(data, create_films=options["create_films"])
            except CsvFileError as error:
                form.add_error("file", f"{error}. Nothing was imported.")
            else:
                upload = self._keep_upload(request, data, options)
                return self._preview(request, plan, upload)
        return self._render(request, "import.html", {"form": form})

    def _preview(self, request, plan, upload: dict, *, changed: bool = False):
        to_write = len(plan.new) + len(plan.updates)
        context = {
            "plan": plan,
            "summary": summary_lines(plan),
            "problems": plan.problems_by_line,
            "options": {"create_films": upload["create_films"]},
            # The lines shown as invalid are signed in: confirming skips only those.
            "token": signing.dumps({**upload, "invalid": plan.invalid_lines}, salt=_SIGNING_SALT),
            "to_write": to_write,
            "changed_since_preview": changed,
        }
        return self._render(request, "import_preview.html", context)

    def _answer_preview(self, request):
        """The preview's buttons: confirm, cancel, or download the invalid lines."""
        try:
            upload = signing.loads(
                request.POST["token"], salt=_SIGNING_SALT, max_age=PREVIEW_MAX_AGE
            )
            key, uploader = upload["file"], upload["user"]
        except (signing.BadSignature, KeyError, TypeError):
            return self._start_again(request, "That preview has expired; upload the file again.")
        if uploader != request.user.pk:
            return self._start_again(
                request,
                "That preview is of another editor's upload; only they can import it. "
                "Upload the file yourself to import it.",
            )
        try:
            data = staging.read(key, user_id=request.user.pk)
        except staging.StagedFileMissing:
            return self._start_again(
                request,
                "The uploaded file is no longer waiting (it was imported or cancelled "
                "already, or kept too long); upload it again.",
            )
        if "cancel" in request.POST:
            staging.discard(key, user_id=request.user.pk)
            self.message_user(request, "Import cancelled; nothing was written.", messages.INFO)
            return HttpResponseRedirect(reverse(f"admin:{self._url_prefix}_changelist"))
        try:
            plan = build_plan(data, create_films=bool(upload.get("create_films")))
        except CsvFileError as error:
            self.message_user(request, f"{error}", messages.ERROR)
            return HttpResponseRedirect(reverse(f"admin:{self._url_prefix}_import"))
        if "download_invalid" in request.POST:
            return self._invalid_lines_file(data, plan)
        if "confirm" not in request.POST:
            return self._preview(request, plan, upload)
        if not set(plan.invalid_lines) <= set(upload.get("invalid", [])):
            # The catalogue changed since the preview: show the new problems instead.
            return self._preview(request, plan, upload, changed=True)
        if not (plan.new or plan.updates):
            return self._preview(request, plan, upload)
        try:
            result = apply_plan(plan, user=request.user)
        except ImportConflict as error:
            self.message_user(request, f"{error}", messages.ERROR)
            return HttpResponseRedirect(reverse(f"admin:{self._url_prefix}_import"))
        staging.discard(key, user_id=request.user.pk)
        skipped = len(plan.invalid_lines)
        updated = f", {plural(result.updated, 'review')} updated" if result.updated else ""
        self.message_user(
            request,
            f"Imported {plural(result.created, 'review')}{updated} "
            f"({len(plan.unchanged):,} already there"
            + (f", {plural(skipped, 'invalid row')} skipped" if skipped else "")
            + f"); consensus recomputed for {plural(len(result.film_ids), 'film')}.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse(f"admin:{self._url_prefix}_changelist"))

    def _invalid_lines_file(self, data: bytes, plan) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"reviews-to-fix-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        write_rejected_lines(data, plan.problems_by_line, response)
        return response

    @property
    def _url_prefix(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}"

    def _keep_upload(self, request, data: bytes, options: dict) -> dict:
        """Stage the upload until it is confirmed; what the preview's token will sign."""
        key = staging.stage(data, user_id=request.user.pk)
        return {"file": key, "user": request.user.pk, **options}

    def _start_again(self, request, message: str):
        self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(reverse(f"admin:{self._url_prefix}_import"))

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
