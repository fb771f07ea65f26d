"""Every web route of the site, read from the URL configuration (admin and API included)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver


def walk(
    patterns=None, prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str]]:
    """(key, route) for every URL pattern: key is the namespaced name, or the route itself
    for the unnamed ones (the admin's object redirects)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = route
            yield key, route


def all_routes() -> dict[str, str]:
    routes: dict[str, str] = {}
    for key, route in walk():
        # The API names one operation per path; a second method on the same path reuses it.
        routes.setdefault(key, route)
    return routes


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def fill(route: str, values: dict[str, object]) -> str:
    """The route with its parameters replaced by values (regex admin routes by fixed paths)."""
    if route.startswith("admin/^("):
        return "/admin/registry/"
    if route.startswith("admin/(?P<url>"):
        return "/admin/no-such-page/"
    return "/" + _PARAM.sub(lambda match: str(values[match.group(1)]), route)
