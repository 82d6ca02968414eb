"""The text model's suggested verdicts in the review admin: shown on every unrated review,
filtered by confidence, and accepted in bulk by an editor (critics.services.suggestions).
"""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from critics import permissions
from critics.models import Review
from critics.services import suggestions
from critics.services.suggestions import (
    ALREADY_COUNTED,
    BELOW_THRESHOLD,
    MIXED_LEFT_OUT,
    NO_SUGGESTION,
    SKIP_REASONS,
)

DEFAULT_THRESHOLD = Decimal("0.80")

# Short names for the list, where the column header says "counts as (source)".
SOURCE_SHORT_NAMES = {
    Review.VerdictSource.RATING: "rating",
    Review.VerdictSource.CRITIC: "critic",
    Review.VerdictSource.EDITOR: "editor",
    Review.VerdictSource.MODEL: "model",
}


def suggestion_text(review: Review) -> str:
    """ "Suggested: positive (0.91)", or "" when the text gave none."""
    suggestion = suggestions.suggestion_of(review)
    if suggestion is None:
        return ""
    return f"Suggested: {suggestion['verdict']} ({float(suggestion['confidence'] or 0):.2f})"


class SuggestionFilter(admin.SimpleListFilter):
    title = "text model's suggestion (unrated reviews)"
    parameter_name = "suggestion"

    def lookups(self, request, model_admin):
        return [
            ("any", "Unrated, with a suggestion"),
            ("high", "Unrated, suggestion 0.90 or surer"),
            ("medium", "Unrated, suggestion 0.70 to 0.89"),
            ("low", "Unrated, suggestion below 0.70"),
            ("none", "Unrated, no suggestion (no text)"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return suggestions.unrated_with_suggestion(queryset)
        if value in suggestions.CONFIDENCE_BANDS:
            return suggestions.unrated_with_suggestion(queryset, band=value)
        if value == "none":
            return suggestions.unrated_without_suggestion(queryset)
        return queryset


class AcceptSuggestionsForm(forms.Form):
    min_confidence = forms.DecimalField(
        label="Accept suggestions at least this confident",
        min_value=0,
        max_value=1,
        decimal_places=2,
        initial=DEFAULT_THRESHOLD,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
        help_text="From 0 to 1: the text model's confidence in its suggestion. Suggestions "
        "below it are left for you to read.",
    )
    include_mixed = forms.BooleanField(
        label="Also accept “mixed” suggestions",
        required=False,
        help_text="Left out unless ticked: a review read as mixed is usually worth reading "
        "yourself.",
    )


SKIP_WORDS = {
    ALREADY_COUNTED: "%(n)d already counted (a rating or a verdict)",
    NO_SUGGESTION: "%(n)d with no suggestion (no text)",
    MIXED_LEFT_OUT: "%(n)d suggested mixed (not ticked)",
    BELOW_THRESHOLD: "%(n)d below confidence %(t)s",
}
BAND_LABELS = {"high": "0.90 and above", "medium": "0.70 to under 0.90", "low": "under 0.70"}


def outcome_message(accepted: int, skipped: dict, threshold) -> str:
    """One sentence: how many were accepted, how many skipped and why."""
    text = ngettext(
        "Accepted %(n)d suggested verdict (source: text model, accepted by you).",
        "Accepted %(n)d suggested verdicts (source: text model, accepted by you).",
        accepted,
    ) % {"n": accepted}
    total = sum(skipped.get(reason, 0) for reason in SKIP_REASONS)
    if total:
        reasons = [
            SKIP_WORDS[reason] % {"n": skipped[reason], "t": f"{threshold:.2f}"}
            for reason in SKIP_REASONS
            if skipped.get(reason)
        ]
        text += f" Skipped {total}: {', '.join(reasons)}."
    return text


class SuggestedVerdictsAdmin:
    """Review admin mixin: the verdict with its source, the suggestion, and accepting it."""

    def has_accept_suggestions_permission(self, request):
        return request.user.has_perm(permissions.ACCEPT_SUGGESTED_VERDICTS)

    @admin.display(description="Counts as (source)", ordering="counted_verdict")
    def counts_as(self, review):
        if review.counted_verdict is None:
            return "Unrated"
        label = Review.Verdict(review.counted_verdict).label
        source = SOURCE_SHORT_NAMES.get(review.verdict_source)
        return f"{label} · {source}" if source else label

    @admin.display(description="Text model's suggestion")
    def suggestion(self, review):
        if review.counted_verdict is not None:
            return "—"
        return suggestion_text(review) or "— (no text)"

    @admin.display(description="Text model's suggestion")
    def suggested_verdict(self, review):
        found = suggestions.suggestion_of(review)
        if found is None:
            return "— (no text to judge yet)"
        confidence = float(found["confidence"] or 0)
        where = (
            "not counted: this review already counts by its rating or verdict"
            if review.counted_verdict is not None
            else "counted only if an editor accepts it (list action “Accept suggested "
            "verdicts”) or sets the verdict"
        )
        return f"{found['verdict']} (confidence {confidence:.2f}), read from the text; {where}"

    @admin.action(
        description="Accept suggested verdicts of selected unrated reviews",
        permissions=["accept_suggestions"],
    )
    def accept_suggested_verdicts(self, request, queryset):
        """Asks for a threshold on a confirmation page, then accepts (Django's pattern for
        actions with an intermediate page: the page posts the selection back)."""
        form = AcceptSuggestionsForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            threshold = form.cleaned_data["min_confidence"]
            result = suggestions.accept_suggested_verdicts(
                queryset=queryset,
                min_confidence=threshold,
                include_mixed=form.cleaned_data["include_mixed"],
                by=request.user,
            )
            self.message_user(
                request,
                outcome_message(len(result.accepted), result.skipped, threshold),
                messages.SUCCESS if result.accepted else messages.WARNING,
            )
            return None  # back to the list, filters kept
        summary = suggestions.summarise_selection(queryset)
        verdicts = [Review.Verdict.POSITIVE, Review.Verdict.NEGATIVE, Review.Verdict.MIXED]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Accept suggested verdicts",
            "form": form,
            "action_name": "accept_suggested_verdicts",
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "summary": summary,
            "verdicts": [verdict.label for verdict in verdicts],
            "bands": [
                (label, [summary.suggested[band, verdict] for verdict in verdicts])
                for band, label in BAND_LABELS.items()
            ],
            "selected_count": summary.already_counted
            + summary.no_suggestion
            + sum(summary.suggested.values()),
        }
        return TemplateResponse(request, "admin/critics/review/accept_suggestions.html", context)
