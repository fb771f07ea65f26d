"""The Vietnamese catalogue is complete and keeps every placeholder of its English msgid."""

import re
from pathlib import Path

import polib

PO_FILE = Path(__file__).resolve().parents[2] / "locale/vi/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{ *(\w+) *\}\}")


def entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(PO_FILE)) if not entry.obsolete]


def test_every_message_is_translated():
    missing = [e.msgid for e in entries() if not (e.msgstr or e.msgstr_plural.get(0))]
    assert missing == []


def test_translations_keep_the_placeholders():
    for entry in entries():
        text = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(text)), (
            entry.msgid
        )


def test_django_messages_missing_from_its_vietnamese_catalogue_are_ours():
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("vi"):
        assert str(BLANK_CHOICE_LABEL) == "- Chọn -"  # the empty choice of every select
