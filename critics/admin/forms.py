"""The review and article forms: rating checks and the workflow step asked for."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from consensus.ratings import RatingError, parse_rating
from core.admin_concurrency import VersionedForm
from critics import permissions
from critics.models import Article, PublishingStatus, Review
from critics.permissions import author_field
from critics.services import workflow
from critics.services.reviews import verdict_source_for

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


VERDICT_HELP = {
    "editor": "Positive (fresh), mixed or negative. Set it when the critic gave no rating, or "
    "to override the rating; leave it blank to let the rating decide. A verdict you set "
    "is shown to readers as an editor's reading; one the critic sets on their own review "
    "as the critic's own verdict.",
    "critic": "Your own verdict, if you want to give one: positive (fresh), mixed or negative. "
    "Readers see it as the critic's own verdict, and it counts instead of what your rating "
    "implies. Leave it blank to let your rating decide.",
}
VERDICT_NOTE_HELP = (
    "Why this verdict was chosen, e.g. the words of the review it rests on (shown to editors "
    "only, kept for the record)."
)


class TopCriticDefault:
    """A new review's top-critic status starts as its critic's current status.

    The status is the review's own (a critic can be a top critic at one outlet or in one
    year and not another): an editor may set it on a new review or change it later.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("is_top_critic")
        if field is not None and self.instance._state.adding:
            widget = forms.NullBooleanSelect()
            widget.choices = [
                ("unknown", "As the critic's current status"),
                ("true", "Yes"),
                ("false", "No"),
            ]
            self.fields["is_top_critic"] = forms.NullBooleanField(
                label=field.label,
                required=False,
                widget=widget,
                help_text="Whether the critic counted as a top critic for this review. Left "
                "as it is, the review takes the critic's top-critic flag when saved.",
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding and cleaned.get("is_top_critic") is None:
            critic = cleaned.get("critic")
            status = bool(critic and critic.is_top_critic)
            if "is_top_critic" in self.fields:
                cleaned["is_top_critic"] = status
            else:  # a critic writing their own review: editors decide the status
                self.instance.is_top_critic = status
        return cleaned


class ReviewForm(TopCriticDefault, EditorialForm):
    class Meta:
        model = Review
        fields = [
            "film",
            "critic",
            "publication",
            "is_unsigned",
            "is_top_critic",
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "verdict" in self.fields:
            new = self.instance.pk is None
            own = new and not permissions.writes_for_anyone(self.editing_user, type(self.instance))
            own = own or permissions.is_own_work(self.editing_user, self.instance)
            self.fields["verdict"].help_text = VERDICT_HELP["critic" if own else "editor"]
        if "verdict_note" in self.fields:
            self.fields["verdict_note"].help_text = VERDICT_NOTE_HELP

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
        if "verdict" in self.changed_data and cleaned.get("verdict"):
            # Who sets the verdict decides its source (score_review keeps it once set).
            self.instance.verdict_source = verdict_source_for(
                review=self.instance, set_by=self.editing_user
            )
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
        # Django's message would confirm that an article (perhaps another critic's draft)
        # has this address; say only what the writer needs to do.
        error_messages = {"slug": {"unique": "This web address is taken; choose another slug."}}


# How the editor is told who a hand-set verdict belongs to.
HAND_SET_SOURCES = {
    Review.VerdictSource.CRITIC: "the critic's own verdict",
    Review.VerdictSource.EDITOR: "an editor's reading",
    Review.VerdictSource.MODEL: "the text model's suggestion, accepted by an editor",
}


def rating_summary(review: Review) -> str:
    """What the saved rating means for the consensus, in the editor's words."""
    verdict = review.counted_verdict
    source = HAND_SET_SOURCES.get(review.verdict_source, "")
    if review.rating:
        score = f"{Decimal(review.score).normalize():f}" if review.score is not None else "?"
        read = f"Rating “{review.rating}” read as {score}/100"
        if review.verdict:
            return f"{read}; the verdict set by hand ({source}) makes it count as {verdict}."
        return f"{read}: counts as {verdict}."
    if verdict:
        return f"No rating: counts as {verdict}, the verdict set by hand ({source})."
    suggestion = (review.analysis or {}).get("suggestion")
    hint = (
        f" The text model suggests {suggestion['verdict']} (confidence "
        f"{suggestion['confidence']:.2f}): set the verdict, or accept it with the list's "
        "“Accept suggested verdicts” action."
        if suggestion
        else ""
    )
    return "No rating and no verdict: this review is unrated and left out of the percentage." + hint
