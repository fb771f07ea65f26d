"""A small crawler for the crawl test: from the home page, follow the in-app links of each
page to a depth and a page budget, and report what a reader should never meet."""

from __future__ import annotations

import html
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
HREF = re.compile(r"""<a\b[^>]*\bhref=["']([^"'#]+)["']""", re.I)
# Internal or English words a Vietnamese reader must never meet on a page.
WORDS = [
    "draft →", "→ submitted", "submitted →", "Not Found", "Forbidden", "Server Error",
    "hientai internal", "thay đổi person", "person thay đổi", "Traceback", "None recorded",
    "generator seed",
]  # fmt: skip
# Not crawled: leaving the session, the admin (its own English-capable UI), downloads, the
# API (JSON), and links that change something when followed by GET would be bugs of their own.
SKIP = ("/logout/", "/admin/", "/api/", "/static/", "/i18n/", "/media/")
FILE_LIKE = re.compile(r"(/files?/|\.(xlsx|csv|json|pdf|docx|txt|zip)$|/file/|/evidence/)")


def english_msgids() -> list[str]:
    """The catalogue's msgids that are English sentences (3+ words, ASCII): if one shows on
    a Vietnamese page, a string escaped translation."""
    import polib

    catalogue = polib.pofile(str(ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    found = []
    for entry in catalogue:
        text = entry.msgid
        if "%" in text or "{" in text or not text.isascii():
            continue
        words = re.findall(r"[A-Za-z]+", text)
        if len(words) >= 3 and entry.msgstr and entry.msgstr != text:
            found.append(text)
    return found


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S | re.I)
    # Text marked as English on purpose (a unit's English name) is not a missed translation.
    page = re.sub(r'<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', " ", page, flags=re.S)
    page = re.sub(r"<option\b[^>]*>", " ", page)
    text = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(text).split())


@dataclass
class Report:
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def pattern(path: str) -> str:
    """Pages of one kind share a pattern (ids become N): a few of each are enough."""
    return re.sub(r"\d+", "N", urlsplit(path).path)


def crawl(
    client,
    *,
    start: str = "/",
    depth: int = 3,
    budget: int = 60,
    per_pattern: int = 2,
    forbidden_names: tuple[str, ...] = (),
    msgids: list[str] | None = None,
    extra: tuple[str, ...] = (),
) -> Report:
    report = Report()
    queue: deque[tuple[str, int, str]] = deque([(start, 0, "(start)")])
    queue.extend((url, 1, "(object page)") for url in extra)
    seen: set[str] = {start, *extra}
    patterns: dict[str, int] = {}
    msgids = msgids or []
    while queue and len(report.visited) < budget:
        url, level, source = queue.popleft()
        response = client.get(url)
        report.visited.append(url)
        status = response.status_code
        if status >= 500:
            report.problems.append(f"{status} at {url} (linked from {source})")
            continue
        if status in (403, 404) and source != "(start)":
            report.problems.append(f"{status} at {url}, linked from {source}")
            continue
        if status in (301, 302):
            target = urljoin(url, response["Location"])
            if urlsplit(target).path not in seen and not target.startswith("http"):
                seen.add(urlsplit(target).path)
                queue.append((target, level, url))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        text = visible_text(page)
        if 'lang="vi"' in page[:400]:
            for word in WORDS:
                if word in text:
                    report.problems.append(f"internal or English text {word!r} at {url}")
            for msgid in msgids:
                if msgid in text:
                    report.problems.append(f"untranslated {msgid!r} at {url}")
        for name in forbidden_names:
            if name in page:
                report.problems.append(f"out-of-scope data {name!r} at {url}")
        if level >= depth:
            continue
        for href in HREF.findall(page):
            link = html.unescape(href)
            absolute = urljoin(url, link)
            if absolute.startswith(("http:", "https:", "mailto:", "//")):
                continue
            path = urlsplit(absolute).path
            if path in seen or path.startswith(SKIP) or FILE_LIKE.search(path):
                continue
            key = pattern(path)
            if patterns.get(key, 0) >= per_pattern:
                continue
            patterns[key] = patterns.get(key, 0) + 1
            seen.add(path)
            queue.append((absolute, level + 1, url))
    return report
