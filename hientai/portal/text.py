"""Page text as editors type it, rendered safely: blank lines separate paragraphs, a line
starting with "## " is a heading, lines starting with "- " make a list. No HTML is taken
from the editor (everything is escaped), so a page cannot carry script or styles."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def render(text: str) -> SafeString:
    out: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        items: list[str] = []
        para: list[str] = []

        def flush() -> None:
            if para:
                out.append(f"<p>{escape(' '.join(para))}</p>")
                para.clear()
            if items:
                out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
                items.clear()

        for line in lines:
            if line.startswith("## "):
                flush()
                out.append(f"<h2>{escape(line[3:])}</h2>")
            elif line.startswith("- "):
                if para:
                    flush()
                items.append(line[2:])
            else:
                if items:
                    flush()
                para.append(line)
        flush()
    return mark_safe("\n".join(out))  # noqa: S308 — built from escaped parts only
