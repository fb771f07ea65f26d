"""`hientai quality`: batch run, Vietnamese summary, JSON, unknown unit."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from hientai.quality.docs import DOC_PATH, rules_markdown
from hientai.quality.models import QualityIssue
from tests.quality.conftest import make_person

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("quality", *args, stdout=out)
    return out.getvalue()


def test_summary_in_vietnamese_with_counts_per_family_and_rule():
    make_person(given_name="HÙNG")
    make_person(unit="26041", email="x@", middle_name="Thị")
    output = run()
    assert "Đã kiểm tra 2 hồ sơ của toàn thành phố: 2 vấn đề, điểm trung bình 93.5." in output
    assert "Lỗi: 1, cảnh báo: 1." in output
    assert "Đúng: 1" in output and "Sạch: 1" in output and "Sống: 0" in output
    assert "clean.name.casing  Họ tên viết hoa chữ cái đầu" in output
    assert "correct.email.format" in output
    assert QualityIssue.objects.count() == 2


def test_one_unit_as_json():
    make_person(given_name="HÙNG")
    make_person(unit="26041", email="x@", middle_name="Thị")
    data = json.loads(run("--unit", "25210", "--json"))
    assert data["unit"] == "25210"
    assert data["people"] == 1
    assert data["by_rule"] == {"clean.name.casing": 1}
    assert data["by_family"] == {"clean": 1}
    assert data["average_score"] == 97
    assert QualityIssue.objects.count() == 1


def test_unknown_unit_is_a_vietnamese_error():
    with pytest.raises(CommandError, match="Không có đơn vị mang mã “99999”"):
        run("--unit", "99999")


def test_rules_document_is_up_to_date():
    assert DOC_PATH.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/quality-rules.md is stale: run `hientai quality --write-docs`"
    )
