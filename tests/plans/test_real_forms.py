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
    from django.utils import translation

    with translation.override("en"):
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


def _plan(body: str) -> str:
    return f"""
ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
Số: 45/KH-UBND\tQuảng Ninh, ngày 10 tháng 02 năm 2026
KẾ HOẠCH
Phát triển nguồn nhân lực chất lượng cao năm 2026
{body}
"""


def test_tasks_written_as_prose() -> None:
    plan = parse(
        _plan(
            """
II. NHIỆM VỤ, GIẢI PHÁP
1. Hoàn thiện cơ chế, chính sách
- Sở Tài chính: chủ trì, phối hợp với Sở Nội vụ tham mưu cơ chế tài chính hỗ trợ nhân tài; thời gian hoàn thành: Quý II/2026.
- Sở Nội vụ: chủ trì, phối hợp với Sở Tư pháp rà soát quy định về tuyển dụng, trình UBND tỉnh ban hành trước ngày 30/9/2026.
2. Đào tạo, bồi dưỡng
Giao Sở Giáo dục và Đào tạo chủ trì, phối hợp với các trường đại học tổ chức đào tạo giáo viên, thực hiện hằng năm.
Đề nghị Liên đoàn Lao động tỉnh chủ trì tuyên truyền người lao động học tập nâng cao tay nghề, thường xuyên.
3. Xây dựng cơ sở dữ liệu nhân lực chất lượng cao (Chủ trì: Sở Khoa học và Công nghệ; phối hợp: Bưu điện tỉnh,
Viễn thông Quảng Ninh; thời gian: năm 2027).
4. Tôn vinh nhân tài
- Tỉnh đoàn: tổ chức giải thưởng sáng tạo trẻ từ năm 2026.
- Hội Liên hiệp Phụ nữ tỉnh: khảo sát nhu cầu đào tạo của nữ trí thức, định kỳ 02 năm một lần.
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ: theo dõi, tổng hợp kết quả thực hiện Kế hoạch.
"""
        )
    )
    found = {task.title: task for task in plan.tasks}
    assert len(plan.tasks) == 7, list(found)
    first = found["Tham mưu cơ chế tài chính hỗ trợ nhân tài"]
    assert (first.lead, first.coordinators) == (["Sở Tài chính"], ["Sở Nội vụ"])
    assert (first.deadline.kind, first.deadline.due) == ("quarter", datetime.date(2026, 6, 30))
    assert first.group == "Hoàn thiện cơ chế, chính sách"
    second = found["Rà soát quy định về tuyển dụng, trình UBND tỉnh ban hành"]
    assert (second.deadline.kind, second.deadline.due) == ("date", datetime.date(2026, 9, 30))
    third = found["Tổ chức đào tạo giáo viên"]
    assert third.lead == ["Sở Giáo dục và Đào tạo"]
    assert third.coordinators == ["các trường đại học"]
    assert third.deadline.kind == "yearly"
    fourth = found["Tuyên truyền người lao động học tập nâng cao tay nghề"]
    assert (fourth.lead, fourth.deadline.kind) == (["Liên đoàn Lao động tỉnh"], "ongoing")
    fifth = found["Xây dựng cơ sở dữ liệu nhân lực chất lượng cao"]
    assert fifth.lead == ["Sở Khoa học và Công nghệ"]
    assert fifth.coordinators == ["Bưu điện tỉnh", "Viễn thông Quảng Ninh"]
    assert (fifth.deadline.kind, fifth.deadline.due) == ("year", datetime.date(2027, 12, 31))
    sixth = found["Tổ chức giải thưởng sáng tạo trẻ"]
    assert (sixth.lead, sixth.deadline.kind) == (["Tỉnh đoàn"], "from")
    seventh = found["Khảo sát nhu cầu đào tạo của nữ trí thức"]
    assert (seventh.lead, seventh.deadline.kind) == (["Hội Liên hiệp Phụ nữ tỉnh"], "periodic")
    # The headings are groups, not tasks; the organisation section is not read as tasks.
    assert "Đào tạo, bồi dưỡng" not in found


def test_duties_per_unit_are_the_tasks_when_nothing_else_assigns_work() -> None:
    plan = parse(
        _plan(
            """
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao chất lượng nguồn nhân lực.
II. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ: chủ trì tham mưu chính sách thu hút nhân tài, hoàn thành trong Quý III/2026.
2. Các Sở: Y tế, Xây dựng
- Rà soát nhu cầu nhân lực chất lượng cao của ngành, báo cáo trước ngày 15/11/2026.
"""
        )
    )
    leads = [task.lead for task in plan.tasks]
    assert ["Sở Nội vụ"] in leads
    assert ["Sở Y tế", "Sở Xây dựng"] in leads


def test_targets_as_administrative_documents_write_them() -> None:
    plan = parse(
        _plan(
            """
I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2025
Năm 2025, toàn tỉnh đã đào tạo được 120 kỹ sư và thành lập 03 phòng thí nghiệm.
II. MỤC TIÊU
1. Đến hết năm 2026
- Thành lập 02 phòng thí nghiệm trọng điểm và 01 trung tâm đổi mới sáng tạo.
- Thu hút ít nhất 50 chuyên gia, nhà khoa học; 80% cán bộ được bồi dưỡng kỹ năng số.
2. Giai đoạn 2026 - 2030
a) Năm 2027
Phấn đấu đào tạo 300 kỹ sư công nghệ số.
b) Trong năm 2028, hỗ trợ 15 doanh nghiệp khởi nghiệp sáng tạo.
III. NHIỆM VỤ
1. Sở Khoa học và Công nghệ: chủ trì xây dựng phòng thí nghiệm, hoàn thành năm 2026.
"""
        )
    )
    found = sorted((t.value, t.unit, t.year) for t in plan.targets)
    assert found == [
        (1, "trung tâm", 2026),
        (2, "phòng thí nghiệm", 2026),
        (15, "doanh nghiệp", 2028),
        (50, "chuyên gia", 2026),
        (80, "%", 2026),
        (300, "kỹ sư", 2027),
    ]
