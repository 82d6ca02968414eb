"""Who may see and change editorial content: the one place these rules live.

Editors (superusers or members of the "Editor" group) may do everything. A critic
(a user linked to a Critic) may see and change only their own reviews and articles,
and change them only while they are drafts: once submitted, the work is with the
editors; once published, only an editor changes it.
"""

from typing import TYPE_CHECKING

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from critics.models import Article, PublishingStatus, Review, VerdictSource

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# Whoever is asking: a signed-in user, a visitor (AnonymousUser), or nobody (None).
type Viewer = User | AnonymousUser | None
# An item of editorial work: what the workflow moves and a critic may own.
type Work = Review | Article

EDITOR_GROUP = "Editor"
CRITIC_GROUP = "Critic"

# The workflow steps only editors take (see critics/services/workflow.py).
EDITOR_ONLY_ACTIONS = frozenset({"publish", "send_back", "withdraw", "reopen"})


def is_editor(user: Viewer) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=EDITOR_GROUP).exists()


def own_critic_id(user: Viewer) -> int | None:
    critic = getattr(user, "critic", None) if user and user.is_authenticated else None
    return critic.pk if critic else None


def author_field(model: type[Model]) -> str:
    """The field naming whose work an item is: a review's critic, an article's author."""
    return "critic" if model._meta.model_name == "review" else "author"


def is_own_work(user: Viewer, obj: Work) -> bool:
    critic_id = own_critic_id(user)
    if critic_id is None:
        return False
    return getattr(obj, f"{author_field(type(obj))}_id", None) == critic_id


def work_visible_to[W: (Review, Article)](user: Viewer, queryset: QuerySet[W]) -> QuerySet[W]:
    """Editors see every review or article; a critic sees only their own; others none."""
    if is_editor(user):
        return queryset
    critic_id = own_critic_id(user)
    if critic_id is None:
        return queryset.none()
    return queryset.filter(**{f"{author_field(queryset.model)}_id": critic_id})


def reviews_known_to(user: Viewer, prefix: str = "") -> Q | None:
    """Reviews this user may know of anywhere (a filter on `prefix`, e.g. "reviews__"):
    every one for editors (None: no filter), else the live ones plus their own.

    Counts shown in the admin use it, so a number never gives away someone's draft."""
    if is_editor(user):
        return None
    live = Q(**{f"{prefix}status": PublishingStatus.PUBLISHED}) & Q(
        **{f"{prefix}publish_at__lte": timezone.now()}
    )
    critic_id = own_critic_id(user)
    return live if critic_id is None else live | Q(**{f"{prefix}critic": critic_id})


def can_view_work(user: Viewer, obj: Work) -> bool:
    return is_editor(user) or is_own_work(user, obj)


def can_change_work(user: Viewer, obj: Work) -> bool:
    """Editors change anything; a critic changes their own work while it is a draft."""
    if is_editor(user):
        return True
    return is_own_work(user, obj) and obj.status == PublishingStatus.DRAFT


# Verdicts an editor set: their own reading, or a text-model suggestion they accepted.
EDITORS_VERDICT_SOURCES = frozenset({VerdictSource.EDITOR, VerdictSource.MODEL})


def can_set_verdict(user: Viewer, review: Review) -> bool:
    """A critic may choose their own verdict (the critic's own, shown as theirs), but an
    editor's verdict stays the editors' to change. `review` is the review as stored."""
    return is_editor(user) or review.verdict_source not in EDITORS_VERDICT_SOURCES


def can_write_verdict_note(user: Viewer) -> bool:
    """The note on why a verdict was chosen is the editors' record: critics never see it."""
    return is_editor(user)


def can_take_step(user: Viewer, obj: Work, action: str) -> bool:
    """May this user move this item through the workflow by this step (e.g. "submit")?"""
    if is_editor(user):
        return True
    return action not in EDITOR_ONLY_ACTIONS and is_own_work(user, obj)


def can_preview(user: Viewer, obj: Work) -> bool:
    """May this user see an unpublished item at its public address?"""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return False
    return is_editor(user) or is_own_work(user, obj)


def can_share(user: Viewer, obj: Work) -> bool:
    """Share links show unpublished work to people without an account: editors only."""
    return user is not None and is_editor(user) and user.is_staff


def can_edit_catalogue(user: Viewer) -> bool:
    """A film's facts and its consensus statement are the editors' alone."""
    return is_editor(user)
