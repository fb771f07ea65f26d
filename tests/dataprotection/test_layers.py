"""The app sits above the registry: nothing below imports it (only the project's
settings and URL table name it), and its limits are computed from `now` alone."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from hientai.dataprotection import limits

PACKAGE = Path(__file__).resolve().parents[2] / "hientai"
ALLOWED = {PACKAGE / "settings.py", PACKAGE / "urls.py"}
# The apps above it in the import-linter layers (pyproject.toml) may use it: the site's
# home shows an expert their consents and requests; self-service records consents and
# requests and checks has_consent; the portal shows only consenting experts.
ABOVE = {"security", "backup", "demo", "site", "selfservice", "portal"}
IMPORT = re.compile(r"^\s*(from|import)\s+hientai\.dataprotection", re.MULTILINE)


def test_no_module_below_imports_the_app():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "dataprotection" not in path.parts
        and path not in ALLOWED
        and path.relative_to(PACKAGE).parts[0] not in ABOVE
        and IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_working_days_skip_the_weekend():
    city = ZoneInfo("Asia/Ho_Chi_Minh")
    thursday = datetime.datetime(2026, 3, 5, 17, 30, tzinfo=city)
    assert limits.acknowledge_by(thursday) == datetime.datetime(2026, 3, 9, 17, 30, tzinfo=city)
    saturday = datetime.datetime(2026, 3, 7, 10, 0, tzinfo=city)
    assert limits.acknowledge_by(saturday).date() == datetime.date(2026, 3, 10)


def test_every_request_kind_has_a_limit_and_unverified_ones_are_marked():
    from hientai.dataprotection.models import RequestKind

    assert set(limits.LIMITS) == set(RequestKind.values)
    assert {k for k, v in limits.LIMITS.items() if not v.verified} == {
        "access",
        "export",
        "rectify",
        "erase",
    }
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    assert limits.due_at("object", start, third_party=True) == start + datetime.timedelta(days=20)
    assert limits.due_at("erase", start, third_party=True) == start + datetime.timedelta(days=10)
    assert limits.breach_deadline(start) == start + datetime.timedelta(hours=72)
