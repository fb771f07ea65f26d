"""A report a department could sign (issue 15): on the demo, the 2026 consolidated report
holds every task with its lead unit, status, progress and latest progress note, the units'
"Khó khăn, vướng mắc" and "Đề xuất, kiến nghị", and a signer; the same in DOCX, PDF and
XLSX. `hientai report --review 2026-2028` writes the mid-term review with each target's
trend."""

from __future__ import annotations

import datetime
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.reporting import services
from hientai.reporting.documents import pdf
from hientai.reporting.documents.content import gather
from hientai.reporting.documents.docx_report import build_docx, docx_bytes
from hientai.reporting.documents.xlsx_annex import xlsx_bytes
from tests.reporting.doc_support import demo_fixture, require_libreoffice, vietnamese  # noqa: F401
from tests.reporting.test_documents import document_text
from tests.reporting.test_documents_pdf import pdf_text, squeezed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnamese")]
REPORT_DAY = datetime.date(2026, 12, 7)
NOTE = "Đã kết nối 12 chuyên gia kiều bào"
DIFFICULTY = "Chế độ đãi ngộ chưa đủ hấp dẫn để thu hút chuyên gia"
PROPOSAL = "Kiến nghị UBND thành phố sớm ban hành chính sách đặc thù"

demo_data = demo_fixture(people=0, accounts=True)


@pytest.fixture
def content(demo_data, db):
    return gather(Period(2026), report_date=REPORT_DAY)


def test_content_has_tasks_notes_texts_and_signer(content):
    rows = [row for section in content.plans for row in section.tasks]
    noted = [row for row in rows if row.latest_note.startswith(NOTE)]
    assert noted and noted[0].lead_units and noted[0].progress == 70
    assert any(
        DIFFICULTY in item.text and item.unit == "Sở Ngoại vụ" for item in content.difficulties
    )
    assert any(PROPOSAL in item.text for item in content.proposals)
    assert content.letterhead.signer_name == "Nguyễn Văn Khoa"
    # The city task implemented by the three unit plans takes their weighted progress.
    rolled = [row for row in rows if row.linked == 3]
    assert rolled and rolled[0].progress == round((100 + 60 + 100) / 3)


def test_docx_has_the_task_table_the_two_sections_and_the_signer(content):
    text = document_text(Document(io.BytesIO(docx_bytes(content))))
    assert "Kết quả, ghi chú tiến độ mới nhất" in text and NOTE in text
    assert "KHÓ KHĂN, VƯỚNG MẮC" in text and DIFFICULTY in text
    assert "ĐỀ XUẤT, KIẾN NGHỊ" in text and PROPOSAL in text
    assert "PHÓ GIÁM ĐỐC" in text and "Nguyễn Văn Khoa" in text


def test_pdf_has_the_same_content(content, tmp_path: Path):
    require_libreoffice()
    made = pdf.convert(build_docx(content, tmp_path / "bao-cao.docx"))
    text = squeezed(pdf_text(made))
    for expected in (NOTE, "KHÓ KHĂN, VƯỚNG MẮC", DIFFICULTY, PROPOSAL, "Nguyễn Văn Khoa"):
        assert squeezed(expected) in text, expected


def test_xlsx_has_the_same_content(content):
    workbook = load_workbook(io.BytesIO(xlsx_bytes(content)))
    tasks = [row for row in workbook["Nhiệm vụ"].iter_rows(min_row=2, values_only=True)]
    assert any(NOTE in (row[11] or "") for row in tasks)
    texts = [row[4] for row in workbook["Khó khăn, đề xuất"].iter_rows(values_only=True)]
    assert any(DIFFICULTY in (text or "") for text in texts)
    assert any(PROPOSAL in (text or "") for text in texts)
    signer = dict(workbook["Người ký"].iter_rows(min_row=2, values_only=True))
    assert signer["Họ tên người ký"] == "Nguyễn Văn Khoa"


def test_signer_is_configurable_per_issuing_unit(demo_data, db, coordinator, officer_a):
    skhcn = Unit.objects.get(code="75.SKHCN")
    services.save_signer(skhcn, coordinator, "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Thị Lan")
    assert gather(Period(2026), report_date=REPORT_DAY).letterhead.signer_name == "Phạm Thị Lan"
    ward = Unit.objects.get(code="25210")
    by_ward = gather(Period(2026), report_date=REPORT_DAY, unit=ward, all_plans=True)
    assert by_ward.letterhead.signer_title == "CHỦ TỊCH"
    with pytest.raises(PermissionDenied):
        services.save_signer(skhcn, officer_a, "", "GIÁM ĐỐC", "Ai đó")
    with pytest.raises(ValidationError, match="chức vụ và họ tên"):
        services.save_signer(skhcn, coordinator, "", " ", "Phạm Thị Lan")
    assert gather(Period(2026), report_date=REPORT_DAY).letterhead.signer_name == "Phạm Thị Lan"


def test_review_command_writes_the_mid_term_review(demo_data, db, tmp_path: Path):
    out = StringIO()
    target = tmp_path / "so-ket.docx"
    call_command("report", "--review", "2026-2028", str(target), "--date", "07/12/2026", stdout=out)
    assert "sơ kết 2026–2028" in out.getvalue()
    text = document_text(Document(target))
    assert "Sơ kết 2026–2028" in text
    assert "KẾT QUẢ CÁC CHỈ TIÊU QUA CÁC NĂM CỦA GIAI ĐOẠN" in text
    assert all(str(year) in text for year in (2026, 2027, 2028)) and "Xu hướng" in text
    final = gather(Period(2030), report_date=REPORT_DAY, review=(2026, 2030))
    assert final.review_label == "tổng kết 2026–2030"
    assert len(final.trends) == len(final.target_rows)
    # 2025 (the starting point) to 2030; the years not yet begun stay empty.
    assert all(len(trend.values) == 6 for trend in final.trends)
    assert all(
        value is None for trend in final.trends for year, value in trend.values if year > 2026
    )
    assert any(trend.trend != "no_data" for trend in final.trends)


def test_review_years_are_checked(db):
    with pytest.raises(CommandError, match="2026-2028"):
        call_command("report", "--review", "2028-2026", "x.docx")
    with pytest.raises(CommandError, match="--review"):
        call_command("report", "x.docx")
