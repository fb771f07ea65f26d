"""Page text as editors type it, rendered safely: blank lines separate paragraphs, a line
starting with "## " is a heading, lines starting with "- " make a list. No HTML is taken
from the editor (everything is escaped), so a page cannot carry script or styles."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _flush(out: list[str], para: list[str], items: list[str]) -> None:
    if para:
        out.append(f"<p>{escape(' '.join(para))}</p>")
        para.clear()
    if items:
        out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
        items.clear()


def render(text: str) -> SafeString:
    out: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        items: list[str] = []
        para: list[str] = []
        for line in (line.strip() for line in block.split("\n")):
            if not line:
                continue
            if line.startswith("## "):
                _flush(out, para, items)
                out.append(f"<h2>{escape(line[3:])}</h2>")
            elif line.startswith("- "):
                if para:
                    _flush(out, para, items)
                items.append(line[2:])
            else:
                if items:
                    _flush(out, para, items)
                para.append(line)
        _flush(out, para, items)
    return mark_safe("\n".join(out))  # built from escaped parts only
