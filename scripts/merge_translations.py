"""Merge Vietnamese translations from locale/pending/*.json into the .po file.

Parallel work writes its new translations to locale/pending/<area>.json
({"msgid": "Vietnamese"}) instead of editing django.po at the same time. Run
`make messages` first (so the msgids exist), then this script, then
`hientai compilemessages`. Pass files to merge only those. Merged files are
deleted; unknown msgids are reported.
Plural msgids take the Vietnamese text as their only form (Vietnamese has one).
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PO_FILE = ROOT / "locale/vi/LC_MESSAGES/django.po"


def main() -> int:
    po = polib.pofile(str(PO_FILE))
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    entries = {entry.msgid: entry for entry in po}
    pending_files = [Path(arg) for arg in sys.argv[1:]] or sorted(
        (ROOT / "locale/pending").glob("*.json")
    )
    unknown: list[str] = []
    for path in pending_files:
        for msgid, text in json.loads(path.read_text(encoding="utf-8")).items():
            entry = entries.get(msgid)
            if entry is None:
                unknown.append(f"{path.name}: {msgid}")
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: text}
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()
    missing = [entry.msgid for entry in po if not (entry.msgstr or entry.msgstr_plural.get(0))]
    for path in pending_files:
        path.unlink()
    print(f"merged {len(pending_files)} file(s); untranslated left: {len(missing)}")
    for msgid in missing:
        print("  missing:", msgid)
    for line in unknown:
        print("  not in the catalogue (run make messages first):", line)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
