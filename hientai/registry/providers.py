"""What the registry's pages borrow from the apps above it, registered by those apps.

The registry sits below search and quality in the layers (they read profiles), yet the
people list searches and a profile shows its quality findings. Those apps fill the slots
here from their AppConfig.ready(), so the registry never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass
class PeopleSearch:
    """The search app's people search: `search(user, query, filters, **options)`, the
    facet names it understands, and the error it raises for a bad request."""

    search: Callable[..., Any]
    facets: tuple[str, ...]
    error: type[Exception]


@dataclass
class _Slots:
    people_search: PeopleSearch | None = None
    findings: list[Callable[[Any], Iterable[Any]]] = field(default_factory=list)
    entry_matches: list[Callable[..., list[Any]]] = field(default_factory=list)


_slots = _Slots()


def register_people_search(provider: PeopleSearch) -> None:
    _slots.people_search = provider


def people_search() -> PeopleSearch:
    if _slots.people_search is None:
        raise ImproperlyConfigured("No people search registered (is hientai.search installed?)")
    return _slots.people_search


def register_findings(provider: Callable[[Any], Iterable[Any]]) -> None:
    """`provider(person)` lists what is wrong with a profile (the quality engine)."""
    if provider not in _slots.findings:
        _slots.findings.append(provider)


def findings(person: Any) -> list[Any]:
    return [item for provider in _slots.findings for item in provider(person)]


def register_entry_matches(provider: Callable[..., list[Any]]) -> None:
    """`provider(values: dict, exclude: int | None, user) -> list` lists the existing
    profiles a profile being entered likely is (the dedup app's blocking keys)."""
    if provider not in _slots.entry_matches:
        _slots.entry_matches.append(provider)


def entry_matches(values: dict[str, Any], exclude: int | None = None, user: Any = None) -> list:
    return [m for provider in _slots.entry_matches for m in provider(values, exclude, user)]
