"""Single sign-on routes (404 while OIDC is not configured)."""

from django.urls import path

from hientai.accounts import oidc

urlpatterns = [
    path("start/", oidc.authentication_init, name="oidc_authentication_init"),
    path("callback/", oidc.authentication_callback, name="oidc_authentication_callback"),
]
