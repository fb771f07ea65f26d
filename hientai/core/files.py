"""Cheap refusals of hostile Office files, before any XML parser or unzip sees them.

An Office file (.docx, .xlsx, .ods) is a zip of XML parts. Two attacks cost the
server memory and time before any content check runs:

- a zip bomb: small on disk, gigabytes unpacked (python-docx and openpyxl read whole
  parts into memory);
- entity expansion ("billion laughs"): a DOCTYPE declaring nested entities.

`check_office_zip` reads only the zip's central directory (sizes, ratios, count) and
the first bytes of each XML part: no Office part legitimately has a DOCTYPE, so any
DOCTYPE or ENTITY declaration refuses the file. The XML parsers behind it are also
defended on their own (openpyxl uses defusedxml once installed; python-docx parses
with resolve_entities=False), this is the cheap first line.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path


def _(message: str) -> str:
    """Django's gettext when settings are configured (the plan parser also runs without)."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext

    return gettext(message)


MAX_MEMBERS = 5_000
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024  # the sum of the members once unpacked
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # allowed on a member bigger than BIG_MEMBER (XML compresses ~10-20x)
BIG_MEMBER = 1024 * 1024
PROLOG_BYTES = 64 * 1024  # a DOCTYPE can only stand before the root element
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_SUFFIXES = (".xml", ".rels", ".vml")


class HostileFileError(ValueError):
    """A file refused before reading it; the message is translated and names no content."""


def _prolog_has_declaration(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        # UTF-16 XML: look at it as text.
        try:
            head = head.decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            return True
    return bool(_DECLARATION.search(head))


def check_office_zip(
    source: bytes | Path, *, max_total: int = MAX_UNCOMPRESSED_BYTES, sizes: bool = True
) -> None:
    """Raise HostileFileError for a zip bomb or an XML part with a DOCTYPE/ENTITY.

    `sizes=False` skips the size checks for callers that make their own (the people
    importer allows bigger sheets) and keeps the count and the declaration scan.
    """
    handle = io.BytesIO(source) if isinstance(source, bytes) else Path(source).open("rb")  # noqa: SIM115 - closed in finally
    try:
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError):
            raise HostileFileError(
                _("The file is damaged or is not a document that can be read.")
            ) from None
        with archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise HostileFileError(
                    _("The file has too many parts (%(count)d): refused as a possible zip bomb.")
                    % {"count": len(members)}
                )
            total = 0
            for member in members if sizes else ():
                total += member.file_size
                ratio = member.file_size / max(member.compress_size, 1)
                if (
                    total > max_total
                    or member.file_size > MAX_MEMBER_BYTES
                    or (member.file_size > BIG_MEMBER and ratio > MAX_RATIO)
                ):
                    raise HostileFileError(
                        _(
                            "The file unpacks to a suspicious size (over %(size)d MB): "
                            "refused as a possible zip bomb."
                        )
                        % {"size": total // (1024 * 1024)}
                    )
            for member in members:
                if not member.filename.lower().endswith(_XML_SUFFIXES):
                    continue
                try:
                    with archive.open(member) as part:
                        head = part.read(PROLOG_BYTES)
                except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
                    raise HostileFileError(
                        _("The file is damaged or is not a document that can be read.")
                    ) from None
                if _prolog_has_declaration(head):
                    raise HostileFileError(
                        _(
                            "The file contains XML declarations (DOCTYPE or ENTITY) that "
                            "Office files never have: refused."
                        )
                    )
    finally:
        handle.close()
