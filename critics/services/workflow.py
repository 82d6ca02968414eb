"""The editorial workflow of reviews and articles: the one home of its rules.

    draft --submit--> submitted --publish--> published --withdraw--> withdrawn
      ^                   |                                              |
      +----send_back------+                                              |
      +-------------------------------reopen-----------------------------+

Critics submit their own drafts; every other step is an editor's. A step that
skips one (draft straight to published, withdrawn straight back to published) is
refused with the reason. Publishing with a future `at` schedules the item: it
goes live when that time comes, with no job running (see `published()`).

Each step saves the item once, with the user and the step's name in its revision
history, and a review published or withdrawn has its film's consensus rebuilt on
commit.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeGuard

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from critics import permissions
from critics.models import Article, PublishingStatus, Review
from critics.permissions import Viewer, Work
from critics.services.consensus import refresh_consensus_on_commit

DRAFT = PublishingStatus.DRAFT
SUBMITTED = PublishingStatus.SUBMITTED
PUBLISHED = PublishingStatus.PUBLISHED
WITHDRAWN = PublishingStatus.WITHDRAWN


@dataclass(frozen=True)
class Step:
    name: str
    source: str
    target: str
    done: str  # past tense, for messages and the revision history


STEPS = {
    step.name: step
    for step in [
        Step("submit", DRAFT, SUBMITTED, "submitted for review"),
        Step("send_back", SUBMITTED, DRAFT, "sent back to the critic"),
        Step("publish", SUBMITTED, PUBLISHED, "published"),
        Step("withdraw", PUBLISHED, WITHDRAWN, "withdrawn"),
        Step("reopen", WITHDRAWN, DRAFT, "re-opened as a draft"),
    ]
}

# Why a step is refused from a given status (when it is not the step's source).
REFUSALS: dict[tuple[str, str], str] = {
    ("submit", SUBMITTED): "it is already waiting for review",
    ("submit", PUBLISHED): "it is already published",
    ("submit", WITHDRAWN): "it was withdrawn: re-open it as a draft first",
    ("publish", DRAFT): "submit it for review first",
    ("publish", PUBLISHED): "it is already published",
    ("publish", WITHDRAWN): "it was withdrawn: re-open it as a draft and submit it again",
    ("send_back", DRAFT): "it is already a draft",
    ("send_back", PUBLISHED): "it is published: withdraw it first",
    ("send_back", WITHDRAWN): "it was withdrawn: re-open it instead",
    ("withdraw", DRAFT): "it was never published",
    ("withdraw", SUBMITTED): "it is not published: send it back to the critic instead",
    ("withdraw", WITHDRAWN): "it is already withdrawn",
    ("reopen", DRAFT): "it is already a draft",
    ("reopen", SUBMITTED): "it is waiting for review: send it back instead",
    ("reopen", PUBLISHED): "it is published: withdraw it first",
}


class StepRefused(Exception):
    """The step is not allowed for this item and user; str() says why, for the editor."""


def available_steps(*, item: Work, by: Viewer) -> list[Step]:
    """The steps this user may take with this item now (for buttons and actions)."""
    return [
        step
        for step in STEPS.values()
        if step.source == item.status and permissions.can_take_step(by, item, step.name)
    ]


def check(*, item: Work, by: Viewer, step_name: str) -> Step:
    step = STEPS[step_name]
    if not permissions.can_take_step(by, item, step_name):
        who = "editors" if step_name in permissions.PUBLISHING_STEPS else "its author"
        raise StepRefused(f"only {who} may do that")
    if item.status != step.source:
        raise StepRefused(REFUSALS[(step_name, item.status)])
    return step


def prepare(
    *, item: Work, by: Viewer, step_name: str, at: datetime | None = None, note: str = ""
) -> Step:
    """Check the step and set its fields on the item without saving (the admin form saves)."""
    step = check(item=item, by=by, step_name=step_name)
    item.status = step.target
    if step_name == "publish":
        # An explicit time schedules it (or back-dates it); none means "now".
        # Whole seconds, as the admin form shows it: re-saving the form changes nothing.
        item.publish_at = at or item.publish_at or timezone.now().replace(microsecond=0)
    if step_name == "send_back":
        item.editor_feedback = note
    if step_name == "withdraw":
        # Work taken down ends its share links (critics.sharing), even once re-opened.
        item.share_secret = ""
    item._history_user = by
    item._change_reason = step.done.capitalize()
    return step


def changes_consensus(item: Work, step: Step) -> TypeGuard[Review]:
    """A review going live or coming down changes its film's consensus; articles do not."""
    return isinstance(item, Review) and step.name in {"publish", "withdraw"}


def _save(item: Work, step: Step, *, refresh: bool = True) -> None:
    with transaction.atomic():
        fields = ["status", "publish_at", "editor_feedback", "updated_at"]
        # Only a withdrawal writes the secret: a stale copy must never bring back a link.
        item.save(update_fields=[*fields, "share_secret"] if step.name == "withdraw" else fields)
        del item._change_reason  # name this step only, not later saves of the same object
        if refresh and changes_consensus(item, step):
            refresh_consensus_on_commit({item.film_id})


def submit[W: (Review, Article)](*, item: W, by: Viewer) -> W:
    _save(item, prepare(item=item, by=by, step_name="submit"))
    return item


def send_back[W: (Review, Article)](*, item: W, by: Viewer, note: str = "") -> W:
    _save(item, prepare(item=item, by=by, step_name="send_back", note=note))
    return item


def publish[W: (Review, Article)](*, item: W, by: Viewer, at: datetime | None = None) -> W:
    _save(item, prepare(item=item, by=by, step_name="publish", at=at))
    return item


def withdraw[W: (Review, Article)](*, item: W, by: Viewer) -> W:
    _save(item, prepare(item=item, by=by, step_name="withdraw"))
    return item


def reopen[W: (Review, Article)](*, item: W, by: Viewer) -> W:
    _save(item, prepare(item=item, by=by, step_name="reopen"))
    return item


@dataclass
class BulkResult:
    done: list[Work] = field(default_factory=list)
    refused: list[tuple[Work, str]] = field(default_factory=list)


def take_step_for_each(
    *, queryset: QuerySet[Review] | QuerySet[Article], by: Viewer, step_name: str
) -> BulkResult:
    """Take one step for every selected item; refused items are reported, not fatal."""
    result = BulkResult()
    touched_films: set[int] = set()
    with transaction.atomic():
        # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join: lock
        # the items only, not the admin's select_related rows.
        for item in queryset.select_related(None).select_for_update(of=("self",)):
            try:
                step = prepare(item=item, by=by, step_name=step_name)
            except StepRefused as refusal:
                result.refused.append((item, str(refusal)))
                continue
            _save(item, step, refresh=False)
            result.done.append(item)
            if changes_consensus(item, step):
                touched_films.add(item.film_id)
        refresh_consensus_on_commit(touched_films)  # once per film, not once per review
    return result


def is_scheduled(item: Work, *, now: datetime | None = None) -> bool:
    return (
        item.status == PUBLISHED
        and item.publish_at is not None  # always set once published (a database constraint)
        and item.publish_at > (now or timezone.now())
    )
