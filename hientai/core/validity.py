"""Rows with a validity range (valid_from / valid_to, either open): which are in force."""

import datetime

from django.db.models import Q


def in_force(day: datetime.date, prefix: str = "") -> Q:
    """Filter for rows in force on `day`; `prefix` reaches the fields through a relation."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )
