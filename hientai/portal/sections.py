"""Public sections other apps add to the portal (open opportunities, contests and honours):
an app above or beside the portal cannot be imported by it, so it registers a provider
from its AppConfig.ready():

    from hientai.portal.sections import Section, SectionItem, register
    register(Section("opportunities", _("Open opportunities"), provider, order=20))

where `provider(now, lang)` returns the items to show (already public: published, open,
no personal data). The portal shows each section on its home page and on
/public/<lang>/more/<key>/, and lists the items' URLs in the sitemap when they are its own.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SectionItem:
    title: str
    url: str
    summary: str = ""
    date: datetime.date | None = None
    deadline: datetime.date | None = None


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    provider: Callable[[datetime.datetime, str], list[SectionItem]]
    order: int = 50
    # Languages the provider answers in; others fall back to the first one.
    languages: tuple[str, ...] = field(default=("vi", "en"))


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def unregister(key: str) -> None:
    _sections.pop(key, None)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def items_of(section: Section, now: datetime.datetime, lang: str) -> list[SectionItem]:
    """A section's items; a failing provider hides its section instead of breaking the
    public home page (logged)."""
    language = lang if lang in section.languages else section.languages[0]
    try:
        return list(section.provider(now, language))
    except Exception:
        logger.exception("portal section %s failed", section.key)
        return []
