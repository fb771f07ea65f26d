import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from hientai.accounts.scoping import get_visible_or_404, visible
from hientai.catalogs.models import Code, Scheme

router = Router(tags=["code lists"])


class SchemeOut(Schema):
    key: str
    version: str
    name_vi: str
    name_en: str
    source_document: str
    is_current: bool
    unverified: bool


class CodeOut(Schema):
    code: str
    parent: str | None
    level: int
    label_vi: str
    label_en: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    unverified: bool
    extra: dict

    @staticmethod
    def resolve_parent(code: Code) -> str | None:
        return code.parent.code if code.parent is not None else None


@router.get("/", response=list[SchemeOut])
def list_schemes(request: HttpRequest):
    return visible(Scheme.objects.all(), request.user)


@router.get("/{key}/{version}", response=list[CodeOut])
def list_codes(request: HttpRequest, key: str, version: str):
    scheme = get_visible_or_404(Scheme.objects.all(), request.user, key=key, version=version)
    return scheme.codes.select_related("parent").order_by("code")
