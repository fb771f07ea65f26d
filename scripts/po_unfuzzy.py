"""After a merge of translation catalogues: drop makemessages' fuzzy guesses (they are
usually wrong) so those entries show as untranslated, and list what still needs Vietnamese."""

import sys

import polib

path = sys.argv[1] if len(sys.argv) > 1 else "locale/vi/LC_MESSAGES/django.po"
catalogue = polib.pofile(path)
for entry in catalogue.fuzzy_entries():
    entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    entry.previous_msgid_plural = None
    entry.msgstr = ""
    if entry.msgstr_plural:
        entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
catalogue.save(path)
missing = catalogue.untranslated_entries()
for entry in missing:
    print(repr(entry.msgid))
print(f"{len(missing)} untranslated", file=sys.stderr)
