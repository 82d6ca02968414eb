from django.contrib.admin.apps import AdminConfig


class CMSAdminConfig(AdminConfig):
    """django.contrib.admin with our site as `admin.site` (its own module: app configs load
    before models, and the site's module imports some)."""

    default_site = "core.admin_site.CMSAdminSite"
