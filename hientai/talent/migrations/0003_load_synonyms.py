"""The finder's vocabulary: concepts and their Vietnamese and English terms (data file
talent/data/synonyms.csv), plus one concept for every S&T field and strategic technology
of the code lists that no concept names yet, so every code's label is understood."""

import csv
import re
from pathlib import Path

from django.db import migrations

from hientai.core.text import fold

DATA = Path(__file__).resolve().parent.parent / "data" / "synonyms.csv"
CODES = Path(__file__).resolve().parent.parent.parent / "catalogs" / "data" / "codes"
CODE_FILES = ("st_field@TT24-2025.csv", "strategic_technology@QD21-2026.csv",
              "strategic_technology@QD1131-2025.csv")  # fmt: skip
WORD = re.compile(r"[^\W_]+")
PARENTHESES = re.compile(r"\s*\([^)]*\)")


def _key(text: str) -> str:
    return " ".join(WORD.findall(fold(text)))


def load(apps, schema_editor) -> None:
    group = apps.get_model("talent", "SynonymGroup")
    known: set[str] = set()
    with open(DATA, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            terms = [term.strip() for term in row["terms"].split("|") if term.strip()]
            known.update(_key(term) for term in [row["label_vi"], row["label_en"], *terms])
            group.objects.using(schema_editor.connection.alias).update_or_create(
                key=row["key"],
                defaults={
                    "label_vi": row["label_vi"],
                    "label_en": row["label_en"],
                    "terms": "\n".join(terms),
                },
            )
    for name in CODE_FILES:
        with open(CODES / name, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                label_vi = PARENTHESES.sub("", row["label_vi"]).strip()
                label_en = PARENTHESES.sub("", row["label_en"]).strip()
                if _key(label_vi) in known:
                    continue
                known.update({_key(label_vi), _key(label_en)})
                key = f"{row['scheme'][:5]}-{row['code']}".replace(".", "-").replace("_", "-")
                group.objects.using(schema_editor.connection.alias).update_or_create(
                    key=key[:60],
                    defaults={"label_vi": label_vi, "label_en": label_en, "terms": label_en},
                )


class Migration(migrations.Migration):
    dependencies = [("talent", "0002_expertise_full_text")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
