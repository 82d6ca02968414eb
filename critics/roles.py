"""The editorial roles as Django groups with their model permissions.

Used by the data migrations that create them and by `manage.py setup_roles`, which
puts them back exactly as listed here (safe to repeat). The permissions decide what a
role may do (the custom ones, such as "critics.publish_review", are declared on the
models); critics.permissions narrows what a critic sees and changes to their own work.
Nothing asks which group a user is in: only which permissions they hold.
"""

from django.apps import apps as installed_apps
from django.apps.registry import Apps
from django.db.models import Q

EDITOR_GROUP = "Editor"
CRITIC_GROUP = "Critic"

EVERYTHING = "__all__"

# Per role, per app: every permission of the app, or the listed codenames.
ROLE_PERMISSIONS: dict[str, dict[str, str | list[str]]] = {
    # Editors run the site's content: every catalogue and critics permission, tags too
    # (not user accounts: those stay with superusers). The critics app's custom ones
    # (publish, see and change anyone's work, share, the editor's verdict, accept
    # suggestions, import) are among them.
    EDITOR_GROUP: {"films": EVERYTHING, "critics": EVERYTHING, "taggit": EVERYTHING},
    # Critics write their own reviews and articles, and look up films and publications
    # to attach them to. No delete: an editor withdraws or deletes. None of the custom
    # permissions: submitting one's own draft needs none.
    CRITIC_GROUP: {
        "critics": [
            "add_review",
            "change_review",
            "view_review",
            "add_article",
            "change_article",
            "view_article",
            "view_publication",
            "view_filmconsensus",
        ],
        "films": ["view_film", "view_person", "view_credit"],
    },
}


def ensure_permissions(apps: Apps) -> None:
    """Create the permission rows now: Django otherwise adds them only after migrating."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # A migration's app stubs have no models module, which create_permissions
        # takes to mean "no models": say there are some for the duration.
        had_models_module = getattr(app_config, "models_module", None)
        # A stand-in, not a module: create_permissions only tests it for truth.
        app_config.models_module = had_models_module or True  # type: ignore[assignment]
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models_module


def setup_roles(apps: Apps = installed_apps) -> dict[str, int]:
    """Create or update each role's group; return how many permissions each holds."""
    ensure_permissions(apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    counts = {}
    for role, grants in ROLE_PERMISSIONS.items():
        wanted = Q(pk__in=[])
        for app_label, codenames in grants.items():
            in_app = Q(content_type__app_label=app_label)
            wanted |= in_app if codenames == EVERYTHING else in_app & Q(codename__in=codenames)
        group, _ = group_model.objects.get_or_create(name=role)
        permissions = list(permission_model.objects.filter(wanted))
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts
