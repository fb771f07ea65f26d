import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from hientai.accounts.scoping import get_visible_or_404, visible
from hientai.orgs.models import Unit

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name_vi: str
    name_en: str
    kind: str
    parent_code: str | None
    path: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @staticmethod
    def resolve_parent_code(unit: Unit) -> str | None:
        return unit.parent.code if unit.parent is not None else None


@router.get("/", response=list[UnitOut])
def list_units(request: HttpRequest, kind: str | None = None, include_closed: bool = False):
    """Units in the caller's scope."""
    units = visible(Unit.objects.select_related("parent"), request.user)
    if not include_closed:
        units = units.current()
    if kind:
        units = units.filter(kind=kind)
    return units


@router.get("/{code}", response=UnitOut)
def get_unit(request: HttpRequest, code: str):
    return get_visible_or_404(Unit.objects.select_related("parent"), request.user, code=code)
