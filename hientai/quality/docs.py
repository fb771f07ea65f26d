"""docs/quality-rules.md, generated from the rule registry so it cannot drift."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import translation

from hientai.quality import scores
from hientai.quality.rules import rules_by_family

DOC_PATH = Path(settings.PROJECT_DIR) / "docs" / "quality-rules.md"
FAMILY_HEADINGS = {
    "correct": "correct (đúng): values true to the facts and to the official formats",
    "complete": "complete (đủ): what every profile and each category must contain",
    "clean": "clean (sạch): one spelling per value, no duplicates",
    "live": "live (sống): data kept up to date",
}


def rules_markdown() -> str:
    """The rules document, in English (the source language of every message)."""
    with translation.override("en"):
        lines = [
            "# Data-quality rules (đúng – đủ – sạch – sống)",
            "",
            "Generated from `hientai/quality/rules.py` by `hientai quality --write-docs`;",
            "do not edit by hand (a test fails when this file is out of date).",
            "",
            "Every rule has a code, a family, a severity and the field it looks at. The",
            "message is shown to officers in Vietnamese (gettext); `%(...)s` are filled in",
            "from the finding. Rules fire only on their own condition: a rule that needs a",
            "well-formed value stays silent while another rule reports the malformed one.",
            "",
            "## Score",
            "",
            "Profile score, stored on `Person.quality_score`: "
            f"`max(0, {scores.MAX_SCORE} − {scores.ERROR_WEIGHT} × errors − "
            f"{scores.WARNING_WEIGHT} × warnings)`,",
            "counting the profile's findings. A unit's score is the average of the scores of",
            "the profiles managed in the unit or any unit below it.",
            "",
        ]
        for family, rules in rules_by_family().items():
            lines += [f"## {FAMILY_HEADINGS[family]}", ""]
            lines += ["| code | severity | field | checks |", "|---|---|---|---|"]
            lines += [
                f"| `{item.code}` | {item.severity} | `{item.field}` | {item.title} |"
                for item in rules
            ]
            lines.append("")
            for item in rules:
                lines += [
                    f"### `{item.code}`",
                    "",
                    f"- Checks: {item.title}.",
                    f"- Message: `{item.message}`",
                    f"- Why: {item.why}",
                    "",
                ]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_rules_doc(path: Path = DOC_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(rules_markdown(), encoding="utf-8")
    return path
