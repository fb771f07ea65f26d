from django.contrib.admin.apps import AdminConfig


class HientaiAdminConfig(AdminConfig):
    """Django admin with the scoped site: access follows roles, not is_staff."""

    default_site = "hientai.accounts.admin_site.ScopedAdminSite"
