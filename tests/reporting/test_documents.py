"""The consolidated report: DOCX layout per Decree 30/2020/NĐ-CP, its content (tasks by
status and lead unit, every plan target with its indicator), the XLSX annex, and the
`hientai report` command with its Vietnamese errors that leave no file behind."""

import datetime
import io
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from hientai.plans.models import Plan, PlanStatus, Target, Task, TaskStatus
from hientai.reporting.documents import content as report_content
from hientai.reporting.documents.content import ReportError, find_plan, gather, task_row
from hientai.reporting.documents.docx_report import FONT, docx_bytes
from hientai.reporting.documents.xlsx_annex import xlsx_bytes
from tests.reporting.doc_support import TODAY, demo_fixture, vietnamese  # noqa: F401

# Every message and header is checked as an officer reads it: in Vietnamese.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnamese")]
PERIOD = "2026"
VIETNAMESE_LETTER = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


demo_data = demo_fixture(people=0)


@pytest.fixture
def plans(demo_data, db) -> list[Plan]:
    return list(Plan.objects.order_by("pk"))


def report(plans=None, **options):
    from hientai.indicators.periods import Period

    options.setdefault("all_plans", True)
    options.setdefault("report_date", TODAY)
    return gather(Period.parse(options.pop("period", PERIOD)), **options)


def document_text(document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def all_runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


def run_of(paragraphs, text: str):
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if run.text == text:
                return run
    raise AssertionError(f"no run {text!r}")


# ---------------------------------------------------------------- DOCX


def test_docx_page_fonts_and_margins_follow_decree_30(plans) -> None:
    document = Document(io.BytesIO(docx_bytes(report())))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    # Word stores margins in twentieths of a point: compare to a tenth of a millimetre.
    assert 20 <= round(section.top_margin.mm, 1) <= 25
    assert 20 <= round(section.bottom_margin.mm, 1) <= 25
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20
    assert document.styles["Normal"].font.name == FONT == "Times New Roman"
    runs = [run for run in all_runs(document) if run.text.strip()]
    assert runs
    assert {run.font.name for run in runs} == {"Times New Roman"}
    # Body text outside tables is 13–14 pt (captions under charts are 11 pt italics).
    body = [
        run
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if run.text.strip() and not run.italic
    ]
    assert body
    assert all(Pt(13) <= run.font.size <= Pt(14) for run in body)


def test_docx_letterhead_title_sections_signature_and_recipients(plans) -> None:
    document = Document(io.BytesIO(docx_bytes(report())))
    head = document.tables[0]
    left, right = head.rows[0].cells
    parent = run_of(left.paragraphs, "UBND THÀNH PHỐ ĐỒNG NAI")
    body = run_of(left.paragraphs, "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    assert body.bold and not parent.bold
    assert Pt(12) <= body.font.size <= Pt(13)
    nation = run_of(right.paragraphs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = run_of(right.paragraphs, "Độc lập - Tự do - Hạnh phúc")
    assert nation.bold and Pt(12) <= nation.font.size <= Pt(13)
    assert motto.bold and Pt(13) <= motto.font.size <= Pt(14)
    # The short rules under the issuing body and under the motto are paragraph borders.
    for cell in (left, right):
        assert cell._tc.xpath(".//w:pBdr/w:top")
    number_cell, date_cell = head.rows[1].cells
    assert number_cell.text.startswith("Số:") and number_cell.text.endswith("/BC-SKHCN")
    assert date_cell.text == "Đồng Nai, ngày 23 tháng 11 năm 2026"
    assert all(run.italic for run in date_cell.paragraphs[0].runs)
    title = run_of(document.paragraphs, "BÁO CÁO")
    assert title.bold and title.font.size == Pt(14)
    headings = [p.text for p in document.paragraphs if p.runs and p.runs[0].bold]
    roman = [text.split(".")[0] for text in headings if re.match(r"^[IVX]+\. ", text)]
    assert roman[:4] == ["I", "II", "III", "IV"]
    numbered = [text for text in headings if text[:2] in {f"{n}." for n in range(1, 6)}]
    assert len(numbered) == len(plans)
    closing = document.tables[-1]
    recipients, signature = closing.rows[0].cells
    label = run_of(recipients.paragraphs, "Nơi nhận:")
    assert label.bold and label.italic and label.font.size == Pt(12)
    lines = [paragraph.text for paragraph in recipients.paragraphs[1:]]
    assert lines[0] == "- Bộ Khoa học và Công nghệ;"
    assert lines[1] == "- UBND Thành phố;"
    assert lines[-1].startswith("- Lưu: VT")
    assert all(run.font.size == Pt(11) for p in recipients.paragraphs[1:] for run in p.runs)
    assert run_of(signature.paragraphs, "KT. GIÁM ĐỐC").bold
    assert run_of(signature.paragraphs, "PHÓ GIÁM ĐỐC").bold


def test_docx_names_every_plan_and_indicator_with_tables_and_a_chart(plans) -> None:
    content = report()
    document = Document(io.BytesIO(docx_bytes(content)))
    text = " ".join(document_text(document).split())
    for plan in plans:
        assert " ".join(plan.title.split()) in text
    indicators = {row.indicator.name_vi for row in content.target_rows if row.indicator}
    assert indicators, "the demo maps the seed targets to indicators"
    for name in indicators:
        assert " ".join(name.split()) in text
    task_tables = [t for t in document.tables if t.rows[0].cells[1].text == "Đơn vị chủ trì"]
    target_tables = [t for t in document.tables if t.rows[0].cells[1].text == "Chỉ số"]
    assert len(task_tables) == len(plans)
    assert len(target_tables) == sum(1 for plan in plans if plan.targets.exists())
    assert document.inline_shapes, "a chart of the indicators against their targets"


def test_docx_headers_are_vietnamese(plans) -> None:
    document = Document(io.BytesIO(docx_bytes(report())))
    text = document_text(document)
    for phrase in ("TỔNG QUAN", "Đơn vị chủ trì", "Chỉ tiêu", "Đề xuất, kiến nghị".upper()):
        assert phrase in text


# ---------------------------------------------------------------- content


def test_tasks_are_done_on_time_or_overdue_as_of_the_report_date(plans) -> None:
    task = Task.objects.filter(deadline_kind="quarter", deadline_due__isnull=False).first()
    assert task is not None
    due = task.deadline_due
    assert task_row(task, due - datetime.timedelta(days=1)).bucket == "on_time"
    assert task_row(task, due + datetime.timedelta(days=1)).bucket == "overdue"
    task.status = TaskStatus.DONE
    task.save()
    assert task_row(task, due + datetime.timedelta(days=1)).bucket == "done"


def test_counts_by_lead_unit_add_up(plans) -> None:
    content = report()
    for section in content.plans:
        totals = section.totals
        assert totals.total == len(section.tasks) == totals.done + totals.on_time + totals.overdue
        assert sum(c.total for c in section.by_unit) >= totals.total
    assert content.task_totals.total == Task.objects.count()
    assert content.task_totals.overdue > 0


def test_every_seed_target_has_a_row_with_a_status(plans) -> None:
    rows = report().target_rows
    assert len(rows) == Target.objects.count() > 40
    assert {row.target.pk for row in rows} == set(Target.objects.values_list("pk", flat=True))
    statuses = {"achieved", "on_track", "at_risk", "not_achieved", "no_data", "no_target"}
    assert all(row.indicator is not None for row in rows)
    assert {row.status for row in rows} <= statuses
    assert any(row.value is not None for row in rows)
    assert all(row.status_label for row in rows)


def test_without_plan_only_active_plans(plans) -> None:
    active = Plan.objects.filter(status=PlanStatus.ACTIVE)
    assert active.count() == 1
    content = report(all_plans=False)
    assert [section.plan.pk for section in content.plans] == [active.get().pk]


def test_a_plan_is_found_by_id_or_number(plans) -> None:
    city = Plan.objects.get(status=PlanStatus.ACTIVE)
    assert find_plan(str(city.pk)) == city
    assert find_plan(city.number) == city  # "/KH-UBND": the seed's blank number
    other = Plan.objects.exclude(pk=city.pk).first()
    other.number = "12/KH-SNgV"
    other.save()
    assert find_plan("12/KH-SNgV") == other
    with pytest.raises(ReportError):
        find_plan("999999")


def test_officer_reports_only_on_plans_they_read(plans, officer_a) -> None:
    content = report(user=officer_a)
    titles = {section.plan.title for section in content.plans}
    ward = Plan.objects.get(issuing_unit__code="25210")
    assert ward.title in titles
    assert not any(section.plan.issuing_unit.code == "75.SNGV" for section in content.plans)


# ---------------------------------------------------------------- XLSX


def test_xlsx_annex_sheets_headers_and_rows(plans) -> None:
    content = report(with_indicator_values=True)
    workbook = load_workbook(io.BytesIO(xlsx_bytes(content)))
    assert workbook.sheetnames == [
        "Chỉ tiêu của kế hoạch",
        "Chỉ số theo đơn vị",
        "Nhiệm vụ",
        "Khó khăn, đề xuất",
        "Tình hình nộp báo cáo",
        "Phân tổ",
        "Người ký",
    ]
    targets = workbook["Chỉ tiêu của kế hoạch"]
    assert targets.freeze_panes == "A2"
    assert targets["E1"].value == "Chỉ số"
    assert targets["A1"].font.bold
    assert targets.max_row - 1 == Target.objects.count()
    names = {row[4] for row in targets.iter_rows(min_row=2, values_only=True)}
    assert {row.name for row in content.target_rows} == names
    tasks = workbook["Nhiệm vụ"]
    assert tasks.max_row - 1 == Task.objects.count()
    assert tasks.freeze_panes == "A2"
    values = workbook["Chỉ số theo đơn vị"]
    periods = {row[5] for row in values.iter_rows(min_row=2, values_only=True)}
    assert periods == {"2026", "2026H1", "2026H2"}
    numbers = [row[8] for row in values.iter_rows(min_row=2, values_only=True) if row[8]]
    assert numbers and all(isinstance(number, int | float) for number in numbers)


# ---------------------------------------------------------------- command


def run_report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_command_writes_docx_and_xlsx(plans, tmp_path: Path) -> None:
    city = Plan.objects.get(status=PlanStatus.ACTIVE)
    out = run_report("--period", "2026", "--format", "docx", str(tmp_path / "r.docx"))
    assert "1 kế hoạch" in out
    assert city.title in document_text(Document(tmp_path / "r.docx"))
    run_report("--period", "2026H1", "--all-plans", "--unit", "75.SNGV", str(tmp_path / "a.xlsx"))
    assert load_workbook(tmp_path / "a.xlsx")["Nhiệm vụ"].max_row > 1
    ward = Plan.objects.get(issuing_unit__code="25210")
    run_report(
        "--period", "2026", "--plan", str(ward.pk), "--date", "05/12/2026", str(tmp_path / "w.docx")
    )
    text = document_text(Document(tmp_path / "w.docx"))
    assert ward.title in text and city.title not in text
    assert "Đồng Nai, ngày 05 tháng 12 năm 2026" in text
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.xlsx", "r.docx", "w.docx"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026x"], "2026x"),
        (["--period", "2026", "--format", "odt"], "Định dạng “odt” không hợp lệ"),
        (["--period", "2026", "--plan", "999999"], "Không tìm thấy kế hoạch"),
        (["--period", "2026", "--unit", "XX"], "Không có đơn vị mang mã “XX”"),
        (["--period", "2026", "--as", "nobody"], "Không có người dùng 'nobody'"),
        (["--period", "2026", "--date", "32/13/2026"], "Ngày “32/13/2026” không hợp lệ"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_writes_nothing(
    plans, tmp_path: Path, args, message
) -> None:
    out = tmp_path / "r.docx"
    with pytest.raises(CommandError) as error:
        run_report(*args, str(out))
    assert message in str(error.value)
    assert VIETNAMESE_LETTER.search(str(error.value).lower()), "the message is Vietnamese"
    assert list(tmp_path.iterdir()) == []


def test_plan_out_of_scope_and_missing_folder(plans, tmp_path: Path, officer_a):
    sngv = Plan.objects.filter(issuing_unit__code="75.SNGV").first()
    with pytest.raises(CommandError, match="Không tìm thấy kế hoạch"):
        run_report(
            "--period",
            "2026",
            "--plan",
            str(sngv.pk),
            "--as",
            "officer_a",
            str(tmp_path / "r.docx"),
        )
    with pytest.raises(CommandError, match=r"Thư mục .* không tồn tại"):
        run_report("--period", "2026", str(tmp_path / "missing" / "r.docx"))
    with pytest.raises(CommandError, match="Không có kế hoạch nào đang thực hiện"):
        Plan.objects.update(status=PlanStatus.DRAFT)
        run_report("--period", "2026", str(tmp_path / "r.docx"))
    assert list(tmp_path.iterdir()) == []


def test_a_failed_run_keeps_the_previous_file(plans, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    out.write_bytes(b"previous report")
    with pytest.raises(CommandError):
        run_report("--period", "2026", "--plan", "999999", str(out))
    assert out.read_bytes() == b"previous report"
    assert [path.name for path in tmp_path.iterdir()] == ["r.docx"]


def test_report_module_has_no_unused_letterhead_override(settings, plans) -> None:
    settings.HIENTAI_REPORT_LETTERHEAD = {
        "signer_name": "Nguyễn Văn A",
        "recipients": ["Sở Nội vụ"],
    }
    document = Document(io.BytesIO(docx_bytes(report())))
    closing = document.tables[-1].rows[0].cells
    assert "Nguyễn Văn A" in closing[1].text
    assert "- Sở Nội vụ;" in closing[0].text
    assert report_content.letterhead().signer_name == "Nguyễn Văn A"
