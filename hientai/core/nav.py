"""Main navigation that apps plug into from their AppConfig.ready()."""

from dataclasses import dataclass

from django.utils.functional import Promise

_items: list["NavItem"] = []
# Entries from this order on (personal data, code lists, the logs) fold under "More", so the
# menu of the role with the most entries stays one row at 1366 px.
MORE_FROM = 60


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 50
    staff_only: bool = False
    # The name of a Scope property that must be true to see the entry ("reads_audit_log").
    scope_flag: str = ""


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _items):
        _items.append(item)
        _items.sort(key=lambda entry: entry.order)


def items() -> list[NavItem]:
    return list(_items)
