"""The review and article forms: rating checks and the workflow step asked for."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from critics.consensus.ratings import RatingError, parse_rating
from critics.models import Article, PublishingStatus, Review
from critics.permissions import author_field
from critics.services import workflow
from reviews_site.admin_concurrency import VersionedForm

# The buttons under the form: the step's name is posted as "_workflow".
STEP_BUTTONS = {
    "submit": "Save and submit for review",
    "send_back": "Save and send back to the critic",
    "publish": "Save and publish",
    "withdraw": "Save and withdraw",
    "reopen": "Save and re-open as a draft",
}
WORKFLOW_FIELD = "_workflow"


class EditorialForm(VersionedForm):
    """Refuses a workflow step the item or the user may not take, before anything is saved.

    The admin sets `editing_user` and `workflow_step` on the class it builds per request.
    """

    editing_user = None
    workflow_step = ""

    def clean(self):
        cleaned = super().clean()
        author = author_field(self._meta.model)
        if author in cleaned:
            setattr(self.instance, author, cleaned[author])
        step = self.workflow_step
        if step:
            if step not in STEP_BUTTONS:
                raise ValidationError("That publishing step does not exist.")
            try:
                workflow.check(item=self.instance, by=self.editing_user, step_name=step)
            except workflow.StepRefused as refusal:
                verb = workflow.STEPS[step].done.split(" ")[0]
                raise ValidationError(f"Not {verb}: {refusal}.") from None
        publish_at = cleaned.get("publish_at", self.instance.publish_at)
        if (
            "publish_at" in self.fields
            and publish_at is None
            and self.instance.status == PublishingStatus.PUBLISHED
            and step != "withdraw"
        ):
            self.add_error(
                "publish_at", "A published item needs a publication time; withdraw it instead."
            )
        return cleaned


class ReviewForm(EditorialForm):
    class Meta:
        model = Review
        fields = [
            "film",
            "critic",
            "publication",
            "is_unsigned",
            "headline",
            "tags",
            "body",
            "pull_quote",
            "original_url",
            "published_on",
            "rating",
            "verdict",
            "verdict_note",
            "editor_feedback",
            "publish_at",
        ]

    def clean(self):
        cleaned = super().clean()
        publication = cleaned.get("publication")
        try:
            parse_rating(
                cleaned.get("rating", ""),
                scale=publication.rating_scale if publication else None,
            )
        except RatingError as error:
            # The rating stays as typed; the editor fixes it or sets the publication's scale.
            self.add_error("rating", str(error))
        return cleaned


class ArticleForm(EditorialForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "kind",
            "author",
            "related_films",
            "tags",
            "standfirst",
            "body",
            "original_url",
            "editor_feedback",
            "publish_at",
        ]


def rating_summary(review: Review) -> str:
    """What the saved rating means for the consensus, in the editor's words."""
    verdict = review.counted_verdict
    if review.rating:
        score = f"{Decimal(review.score).normalize():f}" if review.score is not None else "?"
        read = f"Rating “{review.rating}” read as {score}/100"
        if review.verdict:
            return f"{read}; the verdict set by hand makes it count as {verdict}."
        return f"{read}: counts as {verdict}."
    if verdict:
        return f"No rating: counts as {verdict}, the verdict set by hand."
    suggestion = (review.analysis or {}).get("suggestion")
    hint = f" Its text reads as {suggestion['verdict']} (a hint only)." if suggestion else ""
    return "No rating and no verdict: this review is unrated and left out of the percentage." + hint
