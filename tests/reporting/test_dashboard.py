"""The dashboard: every seed target with its value and status, charts drawn on the server
(no external asset), htmx filters, the user's scope, and a bad period refused clearly."""

import datetime
import re
import time
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.plans.models import Plan, Target
from hientai.reporting.dashboards import build, latest_due_period
from hientai.reporting.documents.content import STATUS_LABELS
from tests.reporting.doc_support import demo_fixture

pytestmark = pytest.mark.django_db
URL = "/reporting/dashboard/"


demo_data = demo_fixture(people=300)


@pytest.fixture
def demo(demo_data, db) -> list[Plan]:
    return list(Plan.objects.order_by("pk"))


def target_rows(html: str) -> dict[int, str]:
    """{target id: the row's HTML} for every target row of the page."""
    rows = re.findall(r'<tr data-target="(\d+)" data-status="(\w+)">(.*?)</tr>', html, re.S)
    return {int(pk): body for pk, _status, body in rows}


def test_leader_sees_every_seed_target_with_its_value_and_status(demo, leader, login):
    response = login(leader).get(URL, {"period": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    rows = target_rows(html)
    assert set(rows) == set(Target.objects.values_list("pk", flat=True))
    board = build(leader, period="2026")
    labels = {str(label) for label in STATUS_LABELS.values()}
    for row in board.plans[0].rows + [row for group in board.plans for row in group.rows]:
        body = rows[row.target.pk]
        assert row.status_label in body and row.status_label in labels
        assert row.value_display in body
        assert escape(row.indicator.name_vi) in body
    with_value = [row for group in board.plans for row in group.rows if row.value is not None]
    assert with_value, "the demo has values for 2026"
    for plan in demo:
        assert escape(plan.title) in html
    assert "Bảng điều hành" in html


def test_charts_are_inline_svg_and_nothing_is_loaded_from_elsewhere(demo, coordinator, login):
    html = login(coordinator).get(URL, {"period": "2026"}).content.decode()
    assert html.count("<svg") >= 4  # over time, by unit, overdue tasks, completeness, quality
    assert 'id="indicator-charts"' in html and 'id="quality"' in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    external = [url for url in sources if re.match(r"^(https?:)?//", url)]
    assert external == []
    assert 'xmlns="http://www.w3.org/2000/svg"' in html  # the SVG namespace is not a fetch


def test_overdue_completeness_and_quality_sections(demo, coordinator, login):
    board = build(coordinator, period="2026")
    assert board.task_totals.overdue > 0
    assert all(counts.overdue > 0 for counts in board.overdue)
    assert board.completeness and board.completeness[0].level == 0
    assert board.quality and board.quality[0].unit.code == "75"
    assert board.quality[0].people == 300
    html = login(coordinator).get(URL, {"period": "2026"}).content.decode()
    assert board.overdue[0].name in html
    assert board.completeness[1].unit.name_vi in html


def test_htmx_filter_returns_only_the_body(demo, leader, login):
    client = login(leader)
    response = client.get(
        URL,
        {"period": "2026H1", "unit": "25210", "indicator": "women_st_share"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="targets"' in html
    assert "Phường Đồng Xoài" in html and "6 tháng đầu năm 2026" in html


def test_officer_sees_only_their_subtree(demo, officer_a, login):
    client = login(officer_a)
    html = client.get(URL).content.decode()
    board = build(officer_a)
    assert board.root.code == "25210"
    assert all(unit.path.startswith(board.root.path) for unit in board.units)
    plans = {group.plan.issuing_unit.code for group in board.plans}
    assert "75.SNGV" not in plans and "25210" in plans
    sngv = Target.objects.filter(plan__issuing_unit__code="75.SNGV").first()
    assert sngv.pk not in target_rows(html)
    assert all(row.unit.path.startswith(board.root.path) for row in board.quality)
    # Another unit answers 404, exactly like a unit that does not exist.
    assert client.get(URL, {"unit": "26041"}).status_code == 404
    assert client.get(URL, {"unit": "NOPE"}).status_code == 404


def test_access_needs_a_staff_role(demo, login, client):
    assert client.get(URL).status_code == 302  # anonymous: to the login page
    expert = User.objects.create_user("expert_dash", password="x-2026-pass")
    RoleAssignment.objects.create(user=expert, role=Role.EXPERT)
    assert login(expert).get(URL).status_code == 403


def test_bad_period_is_explained_in_vietnamese(demo, leader, login):
    response = login(leader).get(URL, {"period": "20x6"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "20x6" in html and 'role="alert"' in html
    assert re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", html)
    assert target_rows(html)  # the dashboard of the default period is still shown


def test_queries_do_not_grow_with_the_number_of_units_shown(demo, leader, login):
    client = login(leader)
    client.get(URL, {"period": "2026"})  # the analytics store computes the periods once
    with CaptureQueriesContext(connection) as city:
        start = time.perf_counter()
        client.get(URL, {"period": "2026"})
        elapsed = time.perf_counter() - start
    with CaptureQueriesContext(connection) as ward:
        client.get(URL, {"period": "2026", "unit": "25210"})
    children = Unit.objects.filter(parent__code="75").count()
    assert children > 50
    assert len(city.captured_queries) < 200
    assert len(city.captured_queries) - len(ward.captured_queries) < 40
    assert elapsed < 5


def test_default_period_is_the_latest_one_whose_reports_are_due():
    assert latest_due_period(datetime.date(2026, 11, 23)) == Period(2026, 1)
    assert latest_due_period(datetime.date(2026, 12, 5)) == Period(2026)
    assert latest_due_period(datetime.date(2026, 6, 19)) == Period(2025)
    assert latest_due_period(datetime.date(2026, 6, 20)) == Period(2026, 1)


def test_the_latest_due_period_has_values_the_year_in_progress_lacks(demo, leader, login):
    """Units report the year by 05/12: in November the half-year already has the reported
    values the year does not, which is why the dashboard opens on it."""
    client = login(leader)

    def statuses(period: str) -> list[str]:
        html = client.get(URL, {"period": period}).content.decode()
        return re.findall(r'<tr data-target="\d+" data-status="(\w+)">', html)

    half, year = statuses("2026H1"), statuses("2026")
    assert len(half) == len(year) == Target.objects.count()
    assert half.count("no_data") < year.count("no_data")


def test_summary_and_charts_come_first_tables_folded(demo, leader, login):
    html = login(leader).get(URL, {"period": "2026"}).content.decode()
    cards, charts_at = html.index('id="card-targets"'), html.index('id="charts"')
    first_table = html.index('<table class="data')
    assert cards < charts_at < first_table
    assert html.index('<details class="fold">') < first_table
    assert '<details class="fold" open' not in html


def test_title_follows_the_chosen_unit(demo, leader, login):
    html = (
        login(leader)
        .get(URL, {"period": "2026", "unit": "25210"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert '<span id="dashboard-scope" hx-swap-oob="true">Phường Đồng Xoài</span>' in html
    page = login(leader).get(URL, {"period": "2026", "unit": "25210"}).content.decode()
    assert '<span id="dashboard-scope">Phường Đồng Xoài</span>' in page


def test_achievement_over_100_is_flagged_and_the_bar_capped(demo, leader):
    import dataclasses
    from decimal import Decimal

    from django.utils import translation

    from hientai.reporting.documents import charts

    board = build(leader, period="2026")
    row = next(row for group in board.plans for row in group.rows)
    over = dataclasses.replace(row, achievement=Decimal("2550.0"))
    under = dataclasses.replace(row, achievement=Decimal("80.0"))
    with translation.override("vi"):
        assert over.exceeded and over.achievement_display.endswith("(vượt)")
        assert not under.exceeded and "vượt" not in under.achievement_display
    png = charts.achievement_png(
        [charts.Bar("Tỷ lệ", 2550.0, status="achieved"), charts.Bar("Khác", 80.0)],
        "Chỉ tiêu",
        "Mức đạt",
        "Chỉ tiêu",
    )
    assert png[:4] == b"\x89PNG"
