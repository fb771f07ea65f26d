"""OCR repair that never invents (issue 16): a word changes only into a word its OCR
confusions explain, a place never becomes another place, the issuer's city comes from
the document, and uncertain repairs are shown on the review page."""

from __future__ import annotations

from pathlib import Path

import pytest

from hientai.plans.parser import parse_plan
from hientai.plans.parser.ocr_repair import explained, repair_line
from hientai.plans.parser.units import snap

DA_NANG = Path(__file__).resolve().parent / "samples" / "danang_ocr.txt"


def test_an_ocr_damaged_plan_of_another_city_keeps_that_city() -> None:
    plan = parse_plan(DA_NANG)
    assert plan.ocr_repaired
    assert plan.issuer == "Ủy ban nhân dân thành phố Đà Nẵng"
    assert "Đồng Nai" not in plan.to_json()
    assert plan.number == "87/KH-UBND"  # "Sd:" still opens the number
    first, second = plan.tasks
    assert first.lead == ["Sở Nội vụ"]
    assert first.coordinators == ["Bưu điện thành phố", "UBND các xã, phường, đặc khu"]
    assert second.lead == ["Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng"]


def test_a_change_needs_an_ocr_confusion() -> None:
    assert explained("pon", "don")  # P for Đ
    assert explained("nei", "noi")
    assert not explained("pa", "va")  # "PA NANG" is not "VÀ NĂNG"
    assert "Đà Nẵng" in repair_line("thành phố Pa Nang")


def test_a_place_never_becomes_another_place() -> None:
    assert snap("Ủy ban nhân dân thành phố Và Năng") == "Ủy ban nhân dân thành phố Và Năng"
    assert snap("Uy ban nhan dan thanh pho Dong Nai") == "Ủy ban nhân dân thành phố Đồng Nai"


def test_uncertain_repairs_are_listed_with_their_confidence() -> None:
    plan = parse_plan(
        b"KE HOACH\nPhat trien nhan luc\nI. NHIEM VU\n1. Tuyen truyen ve chinb sach\n"
        b"- Don vi chu tri: S& Noi vu.\n- Thoi gian thuc hien: Quy II/2026.\n",
        filename="plan.txt",
    )
    assert plan.ocr_repaired
    # Restoring tone marks ("Noi" -> "Nội") is sure; changing a letter ("b" -> "h") is not.
    assert plan.repairs == [{"written": "chinb", "read": "chính", "confidence": 0.8}]


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_the_review_page_highlights_uncertain_repairs_and_warnings(officer_a, web) -> None:
    from hientai.plans import services

    plan = services.import_plan(DA_NANG, unit_code=officer_a.role_assignments.first().unit.code)
    assert plan.parsed["repairs"]
    page = web(officer_a).get(f"/plans/{plan.pk}/review/").content.decode()
    assert 'id="reader-warnings"' in page
    assert '<mark class="unsure"' in page
    written = plan.parsed["repairs"][0]["written"]
    assert f"{written} →" in page
