"""The creation entry of a profile an import created: imports create people in bulk (no
version rows), so the profile history asks here which file and row made it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def import_origin(person: Any) -> dict[str, Any] | None:
    from hientai.exchange.models import ImportedPerson
    from hientai.registry.models import ProfileVersion
    from hientai.registry.presenters import actor_name

    link = (
        ImportedPerson.objects.filter(person=person, action=ImportedPerson.Action.CREATED)
        .select_related("batch", "batch__user")
        .first()
    )
    if link is None:
        return None
    batch = link.batch
    return {
        "at": batch.finished_at or batch.started_at,
        "who": actor_name(batch.user),
        "action": ProfileVersion.Action.CREATE.label,
        "reason": _("Created by importing the file %(file)s (row %(row)s)")
        % {"file": batch.file_name, "row": link.row},
    }
