"""Who may see and change editorial content: the one place these rules live.

Editors (superusers or members of the "Editor" group) may do everything. A critic
(a user linked to a Critic) may see and change only their own reviews and articles.
"""

EDITOR_GROUP = "Editor"
CRITIC_GROUP = "Critic"


def is_editor(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=EDITOR_GROUP).exists()


def own_critic_id(user) -> int | None:
    critic = getattr(user, "critic", None) if user and user.is_authenticated else None
    return critic.pk if critic else None


def is_own_work(user, obj) -> bool:
    critic_id = own_critic_id(user)
    if critic_id is None:
        return False
    author_id = getattr(obj, "critic_id", None) or getattr(obj, "author_id", None)
    return author_id == critic_id


def can_preview(user, obj) -> bool:
    """May this user see an unpublished item at its public address?"""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return False
    return is_editor(user) or is_own_work(user, obj)
