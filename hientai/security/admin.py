"""OAuth2 clients in the admin (issue 19): administrators register systems; saving goes
through `security.clients` (audited). django-oauth-toolkit's token and grant tables are
not shown (tokens expire by themselves; `hientai api-client revoke` ends a system)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from oauth2_provider.models import AccessToken, Application, Grant, IDToken, RefreshToken

from hientai.accounts.admin import AdminOnly
from hientai.security import clients

for _model in (Application, AccessToken, Grant, IDToken, RefreshToken):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(Application)
class ApplicationAdmin(AdminOnly, admin.ModelAdmin):
    """A system's client: it acts as its `user`, whose role assignment scopes it (make the
    user and its role first, or use `hientai api-client create`)."""

    list_display = ["name", "client_id", "user", "authorization_grant_type"]
    fields = [
        "name",
        "user",
        "client_id",
        "client_secret",
        "hash_client_secret",
        "client_type",
        "authorization_grant_type",
    ]
    raw_id_fields = ["user"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_CLIENT_CREDENTIALS,
        }

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        clients.save_client(obj, request.user)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        clients.revoke_client(obj, request.user, channel="admin")
