"""Access rules and matrix objects of the opportunities app (merged into tests/access_rules.py
and tests/security/matrix_data.py)."""

from __future__ import annotations

from typing import Any

from tests.access_rules import Rule

RULES: dict[str, Rule] = {}


def build(ids: dict[str, Any], officer_a: Any, officer_b: Any) -> None:
    """Add this app's ward-B objects to the matrix dataset's ids."""
