"""Walk the running site as each demo role and take screenshots (Debian chromium, Playwright).

    python scripts/walk.py --base http://127.0.0.1:8000 --out /tmp/walk [--width 390]

Prints one line per page: role, path, HTTP status, page width (a width above the window's
means horizontal scrolling) and whether English words of the interface leaked.
"""

import argparse
import re
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

ROLES: dict[str, str | None] = {
    "anonymous": None,
    "ward_officer": "dongxoai",
    "department_officer": "songoaivu",
    "coordinator": "sokhcn",
    "leader": "lanhdao",
    "expert": "chuyengia",
    "admin": "admin",
}
PAGES = [
    "/",
    "/people/",
    "/quality/",
    "/plans/",
    "/indicators/",
    "/reporting/",
    "/reporting/dashboard/",
    "/exchange/",
    "/units/",
    "/code-lists/",
    "/audit/",
    "/people/access-log/",
    "/privacy/",
    "/admin/",
]
ENGLISH = re.compile(
    r"\b(Save|Cancel|Search|Submit|Delete|Edit|Home|Not Found|Forbidden|Server Error)\b"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="/tmp/walk")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--password", default="hientai-demo-2026")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--extra", default="", help="more paths, comma-separated")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = PAGES + [p for p in args.extra.split(",") if p]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu"],
        )
        for role in args.roles.split(","):
            username = ROLES[role]
            context = browser.new_context(viewport={"width": args.width, "height": 900})
            page = context.new_page()
            if username:
                page.goto(f"{args.base}/login/")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", args.password)
                page.click("form button.primary")
                page.wait_for_load_state()
            person = None
            for path in pages:
                response = page.goto(args.base + path)
                status = response.status if response else 0
                if path == "/people/" and person is None:
                    link = page.locator("a[href^='/people/'][href$='/']").filter(
                        has_text=re.compile(r"\w")
                    )
                    for index in range(min(link.count(), 40)):
                        href = link.nth(index).get_attribute("href") or ""
                        if re.fullmatch(r"/people/\d+/", href):
                            person = href
                            break
                width = page.evaluate("document.documentElement.scrollWidth")
                text = page.inner_text("body") if status < 500 else ""
                leaks = sorted(set(ENGLISH.findall(text)))
                name = f"{role}{path.replace('/', '_') or '_'}{args.width}.png"
                page.screenshot(path=str(out / name), full_page=False)
                print(f"{role:18} {path:28} {status} width={width} english={leaks}")
            if person:
                for path in (
                    person,
                    person + "edit/identity/",
                    person + "edit/employment/",
                    person + "history/",
                ):
                    response = page.goto(args.base + path)
                    width = page.evaluate("document.documentElement.scrollWidth")
                    name = f"{role}{path.replace('/', '_')}{args.width}.png"
                    page.screenshot(path=str(out / name), full_page=False)
                    print(f"{role:18} {path:28} {response.status if response else 0} width={width}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
