"""`{{ user|display_name }}`: the full name a reader knows, never the login name when a
better one exists (the user's own profile, else the account's names)."""

from typing import Any

from django import template
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()


@register.filter
def display_name(user: Any) -> str:
    if not user:
        return ""
    try:
        person = user.person
    except (ObjectDoesNotExist, AttributeError):
        person = None
    if person is not None and person.full_name:
        return person.full_name
    full = " ".join(part for part in (user.last_name, user.first_name) if part)
    return full or user.username
