# ruff: noqa: E501
"""The forms real units write plans in (issue 16): headers across lines and cells, tasks
in prose, deadlines in sentences, other provinces' units, targets as administrative
documents write them. Each test is a short plan written the way a unit writes it."""

from __future__ import annotations

import datetime

from hientai.plans.parser import parse_plan


def parse(text: str):
    return parse_plan(text.strip().encode("utf-8"), filename="plan.txt")


HA_TINH = """
ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ TĨNH                   Độc lập - Tự do - Hạnh phúc
Số:
20/KH-UBND                     Hà Tĩnh, ngày
                               16 tháng 01 năm 2024
KẾ HOẠCH
Thực hiện Chương trình chuyển đổi số tỉnh Hà Tĩnh năm 2024
Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ; Thực hiện Nghị quyết số 05-NQ/TU ngày 12/3/2021 của Tỉnh ủy, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao nhận thức của cán bộ, công chức về chuyển đổi số.
2. Yêu cầu
Bảo đảm thực chất, hiệu quả.
"""


def test_header_across_line_breaks_and_a_plan_with_other_sections() -> None:
    plan = parse(HA_TINH)
    assert plan.number == "20/KH-UBND"
    assert plan.date == datetime.date(2024, 1, 16)
    assert plan.issuer == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert plan.title == "Thực hiện Chương trình chuyển đổi số tỉnh Hà Tĩnh năm 2024"
    assert plan.legal_bases == [
        "Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ",
        "Thực hiện Nghị quyết số 05-NQ/TU ngày 12/3/2021 của Tỉnh ủy",
    ]
    # Only purposes: still a plan, with a warning instead of a refusal.
    assert plan.tasks == []
    assert any("task" in warning for warning in plan.warnings)


def test_department_under_its_province_and_a_numbered_basis_list() -> None:
    plan = parse(
        """
UBND TỈNH HÀ TĨNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ\tĐộc lập - Tự do - Hạnh phúc
Số: 115/KH-SYT\tHà Tĩnh, ngày 05 tháng 3 năm 2025
KẾ HOẠCH
Phát triển nguồn nhân lực y tế năm 2025
Căn cứ:
1. Luật Khám bệnh, chữa bệnh năm 2023;
2. Nghị định số 96/2023/NĐ-CP ngày 30/12/2023 của Chính phủ;
Sở Y tế xây dựng Kế hoạch như sau:
I. NHIỆM VỤ
1. Đào tạo bác sĩ chuyên khoa
- Đơn vị chủ trì: Phòng Tổ chức cán bộ.
- Thời gian thực hiện: Quý II/2025.
"""
    )
    assert plan.number == "115/KH-SYT"
    assert plan.date == datetime.date(2025, 3, 5)
    assert plan.issuer == "Sở Y tế tỉnh Hà Tĩnh"
    assert plan.title == "Phát triển nguồn nhân lực y tế năm 2025"
    assert plan.legal_bases == [
        "Luật Khám bệnh, chữa bệnh năm 2023",
        "Nghị định số 96/2023/NĐ-CP ngày 30/12/2023 của Chính phủ",
    ]
    assert [task.title for task in plan.tasks] == ["Đào tạo bác sĩ chuyên khoa"]


def test_header_from_a_word_table_row() -> None:
    plan = parse(
        """
ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG Số: 87/KH-UBND\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Đà Nẵng, ngày 02 tháng 4 năm 2025
KẾ HOẠCH
Phát triển khoa học, công nghệ năm 2025
I. NHIỆM VỤ
1. Giao Sở Khoa học và Công nghệ chủ trì xây dựng đề án, hoàn thành trong Quý III/2025.
"""
    )
    assert plan.number == "87/KH-UBND"
    assert plan.date == datetime.date(2025, 4, 2)
    assert plan.issuer == "Ủy ban nhân dân thành phố Đà Nẵng"
    assert plan.title == "Phát triển khoa học, công nghệ năm 2025"
