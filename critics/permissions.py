"""Who may see and change editorial content: the one place these rules live.

What a role may do is a Django model permission, asked with `user.has_perm`: the
codenames are declared on Review and Article (critics.models) and granted to the
Editor group by critics.roles. A superuser has them all; anyone can be given one alone.

What no model permission can say stays here as object-level rules: a critic (a user
linked to a Critic) sees and changes their own work, and changes it only while it is a
draft: once submitted, the work is with the editors; once published, only someone who
may change anyone's work changes it.
"""

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from critics.models import Article, PublishingStatus, Review, VerdictSource

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# Whoever is asking: a signed-in user, a visitor (AnonymousUser), or nobody (None).
type Viewer = User | AnonymousUser | None
# An item of editorial work: what the workflow moves and a critic may own.
type Work = Review | Article

# Review-only abilities (critics.models.content.Review.Meta.permissions).
SET_EDITOR_VERDICT = "critics.set_editor_verdict"
ACCEPT_SUGGESTED_VERDICTS = "critics.accept_suggested_verdicts"
IMPORT_REVIEWS = "critics.import_reviews"
# The consensus admin lets editors change the statement alone: Django's own permission.
CHANGE_CONSENSUS = "critics.change_filmconsensus"

# The workflow steps that need `publish_<model>` (see critics/services/workflow.py);
# the other one, submit, is the author's.
PUBLISHING_STEPS = frozenset({"publish", "send_back", "withdraw", "reopen"})


def work_permission(model_or_obj: type[Work] | Work, ability: str) -> str:
    """The permission for an ability on a kind of work (editorial_permissions in
    critics.models.publishing), e.g. (a review, "publish") -> "critics.publish_review"."""
    opts = model_or_obj._meta
    return f"{opts.app_label}.{ability}_{opts.model_name}"


def may(user: Viewer, ability: str, model_or_obj: type[Work] | Work) -> bool:
    return user is not None and user.has_perm(work_permission(model_or_obj, ability))


def sees_all_work(user: Viewer, model_or_obj: type[Work] | Work) -> bool:
    # As in Django's admin, changing implies seeing.
    return may(user, "view_any", model_or_obj) or may(user, "change_any", model_or_obj)


def own_critic_id(user: Viewer) -> int | None:
    critic = getattr(user, "critic", None) if user and user.is_authenticated else None
    return critic.pk if critic else None


def author_field(model: type[Work]) -> str:
    """The field naming whose work an item is: a review's critic, an article's author."""
    return "critic" if model._meta.model_name == "review" else "author"


def is_own_work(user: Viewer, obj: Work) -> bool:
    critic_id = own_critic_id(user)
    if critic_id is None:
        return False
    return getattr(obj, f"{author_field(type(obj))}_id", None) == critic_id


def work_visible_to[W: (Review, Article)](user: Viewer, queryset: QuerySet[W]) -> QuerySet[W]:
    """Every review or article for those who may see all; a critic's own; else none."""
    if sees_all_work(user, queryset.model):
        return queryset
    critic_id = own_critic_id(user)
    if critic_id is None:
        return queryset.none()
    return queryset.filter(**{f"{author_field(queryset.model)}_id": critic_id})


def reviews_known_to(user: Viewer, prefix: str = "") -> Q | None:
    """Reviews this user may know of anywhere (a filter on `prefix`, e.g. "reviews__"):
    every one for those who see all reviews (None: no filter), else the live ones plus
    their own.

    Counts shown in the admin use it, so a number never gives away someone's draft."""
    if sees_all_work(user, Review):
        return None
    live = Q(**{f"{prefix}status": PublishingStatus.PUBLISHED}) & Q(
        **{f"{prefix}publish_at__lte": timezone.now()}
    )
    critic_id = own_critic_id(user)
    return live if critic_id is None else live | Q(**{f"{prefix}critic": critic_id})


def can_view_work(user: Viewer, obj: Work) -> bool:
    return sees_all_work(user, obj) or is_own_work(user, obj)


def can_change_work(user: Viewer, obj: Work) -> bool:
    """Anyone's work in any status with `change_any_<model>`; else one's own draft."""
    if may(user, "change_any", obj):
        return True
    return is_own_work(user, obj) and obj.status == PublishingStatus.DRAFT


def writes_for_anyone(user: Viewer, model: type[Work]) -> bool:
    """May this user name any critic as the author? Otherwise the author is themselves."""
    return may(user, "change_any", model)


# Verdicts an editor set: their own reading, or a text-model suggestion they accepted.
EDITORS_VERDICT_SOURCES = frozenset({VerdictSource.EDITOR, VerdictSource.MODEL})


def can_set_verdict(user: Viewer, review: Review) -> bool:
    """A critic may choose their own verdict (the critic's own, shown as theirs), but an
    editor's verdict stays the editors' to change. `review` is the review as stored."""
    if review.verdict_source not in EDITORS_VERDICT_SOURCES:
        return True
    return user is not None and user.has_perm(SET_EDITOR_VERDICT)


def can_write_verdict_note(user: Viewer) -> bool:
    """The note on why a verdict was chosen is the editors' record: critics never see it."""
    return user is not None and user.has_perm(SET_EDITOR_VERDICT)


def can_take_step(user: Viewer, obj: Work, action: str) -> bool:
    """May this user move this item through the workflow by this step (e.g. "submit")?"""
    if action in PUBLISHING_STEPS:
        return may(user, "publish", obj)
    return is_own_work(user, obj) or may(user, "change_any", obj)


def can_preview(user: Viewer, obj: Work) -> bool:
    """May this user see an unpublished item at its public address?"""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return False
    return can_view_work(user, obj)


def can_share(user: Viewer, obj: Work) -> bool:
    """Share links show unpublished work to people without an account."""
    return bool(user and user.is_staff) and may(user, "share", obj)
