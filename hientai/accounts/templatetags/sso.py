"""`{% sso_enabled as sso %}`: whether the login page offers single sign-on."""

from django import template

from hientai.accounts import oidc

register = template.Library()


@register.simple_tag
def sso_enabled() -> bool:
    return oidc.enabled()
