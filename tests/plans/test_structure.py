"""The parser on plans written for these tests (not the seeds): header, numbering and
labels, "Giao ... chủ trì" sentences, the organisation section, targets, reporting."""

import datetime
from pathlib import Path

from hientai.plans.parser import parse_plan
from hientai.plans.parser.targets import extract_targets

WARD_PLAN = """\
ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG TRẤN BIÊN                      Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND                    Trấn Biên, ngày 12 tháng 3 năm 2026

KẾ HOẠCH
Thu hút chuyên gia và phát triển nhân lực số năm 2026
trên địa bàn phường Trấn Biên

Căn cứ Kế hoạch số 20/KH-UBND ngày 19/01/2026 của Ủy ban nhân dân thành phố;
Căn cứ tình hình thực tế của địa phương;
Ủy ban nhân dân phường ban hành Kế hoạch như sau:

I. MỤC TIÊU
1. Mục tiêu đến năm 2027
- Tối thiểu 40% cán bộ, công chức phường được bồi dưỡng kỹ năng số.
- Thu hút 5 chuyên gia tham gia tư vấn chuyển đổi số.
+ Tỷ lệ hồ sơ trực tuyến tăng tối thiểu 15%/năm.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Nhiệm vụ thường xuyên
a) Rà soát, cập nhật cơ sở dữ liệu nhân lực số của phường
- Chủ trì: Văn phòng HĐND và UBND phường.
- Phối hợp: Phòng Văn hóa - Xã hội, các tổ dân phố.
- Thời hạn: Quý II/2026.
- Sản phẩm: Cơ sở dữ liệu được cập nhật.
đ) Tổ chức lớp bồi dưỡng kỹ năng số cho cán bộ
- Chủ trì: Phòng Văn hóa - Xã hội.
- Thời hạn: Hằng năm.
2. Nhiệm vụ trọng tâm
Giao Phòng Kinh tế, Hạ tầng và Đô thị chủ trì, phối hợp với Trung tâm Dịch vụ tổng hợp và \
các đơn vị liên quan xây dựng cổng thông tin thu hút chuyên gia, hoàn thành trong Quý III/2026.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội
Là đầu mối theo dõi, tổng hợp kết quả thực hiện, định kỳ 6 tháng báo cáo UBND phường \
trước ngày 15/6.
2. Các tổ dân phố
Phối hợp tuyên truyền đến người dân.
"""

ORGANISATION_ONLY = """\
KẾ HOẠCH
Phát triển nguồn nhân lực chất lượng cao năm 2026

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao chất lượng nguồn nhân lực của thành phố.

II. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
Chủ trì tham mưu các cơ chế, chính sách thu hút, trọng dụng đội ngũ trí thức.
2. Sở Tài chính
Chủ trì, phối hợp với Sở Nội vụ bố trí kinh phí thực hiện Kế hoạch.
3. Ủy ban nhân dân các xã, phường
Tổ chức triển khai thực hiện Kế hoạch; định kỳ báo cáo kết quả thực hiện về Sở Nội vụ \
trước ngày 10/12 hằng năm.
"""


def parse_text(tmp_path: Path, text: str):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(text, encoding="utf-8")
    return parse_plan(path)


def test_header(tmp_path: Path) -> None:
    plan = parse_text(tmp_path, WARD_PLAN)
    assert plan.number == "45/KH-UBND"
    assert plan.date == datetime.date(2026, 3, 12)
    assert plan.issuer == "Ủy ban nhân dân phường Trấn Biên"
    assert plan.issuer_code == "26041"
    assert plan.title == (
        "Thu hút chuyên gia và phát triển nhân lực số năm 2026 trên địa bàn phường Trấn Biên"
    )
    assert plan.legal_bases == [
        "Căn cứ Kế hoạch số 20/KH-UBND ngày 19/01/2026 của Ủy ban nhân dân thành phố",
        "Căn cứ tình hình thực tế của địa phương",
    ]


def test_labelled_blocks_lettered_items_and_assignment_sentences(tmp_path: Path) -> None:
    plan = parse_text(tmp_path, WARD_PLAN)
    first, second, third = plan.tasks
    assert first.title == "Rà soát, cập nhật cơ sở dữ liệu nhân lực số của phường"
    assert first.number == "1.a"
    assert first.group == "Nhiệm vụ thường xuyên"
    assert first.lead == ["Văn phòng HĐND và UBND phường"]  # "và" inside a gazetteer name
    assert first.coordinators == ["Phòng Văn hóa - Xã hội", "các tổ dân phố"]
    assert (first.deadline.kind, first.deadline.due) == ("quarter", datetime.date(2026, 6, 30))
    assert first.result == "Cơ sở dữ liệu được cập nhật."

    assert second.number == "1.đ"
    assert (second.lead, second.coordinators) == (["Phòng Văn hóa - Xã hội"], [])
    assert second.deadline.kind == "yearly"

    assert third.source == "assignment"
    assert third.title == "Xây dựng cổng thông tin thu hút chuyên gia"
    assert third.lead == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert third.coordinators == ["Trung tâm Dịch vụ tổng hợp", "các đơn vị liên quan"]
    assert (third.deadline.raw, third.deadline.due) == ("Quý III/2026", datetime.date(2026, 9, 30))
    # Divisions resolve only inside the issuer: the gazetteer's are Đồng Xoài's.
    assert third.lead_codes == [None]


def test_targets_with_bullets_and_plus(tmp_path: Path) -> None:
    targets = parse_text(tmp_path, WARD_PLAN).targets
    assert [(t.value, t.unit, t.year, t.kind) for t in targets] == [
        (40, "%", 2027, "percent"),
        (5, "chuyên gia", 2027, "count"),
        (15, "%/năm", 2027, "growth_per_year"),
    ]


def test_organisation_section_gives_responsibilities_and_reporting(tmp_path: Path) -> None:
    plan = parse_text(tmp_path, WARD_PLAN)
    assert [(item.unit, item.code) for item in plan.responsibilities] == [
        ("Phòng Văn hóa - Xã hội", None),
        ("Các tổ dân phố", None),
    ]
    [duty] = plan.reporting
    assert (duty.from_unit, duty.to_unit, duty.period) == (
        "Phòng Văn hóa - Xã hội",
        "UBND phường",
        "half_year",
    )
    assert duty.deadline.day_month == "15/06"


def test_plan_without_assigned_tasks_takes_them_from_the_organisation_section(
    tmp_path: Path,
) -> None:
    plan = parse_text(tmp_path, ORGANISATION_ONLY)
    assert [(task.lead, task.source) for task in plan.tasks] == [
        (["Sở Nội vụ"], "organisation"),
        (["Sở Tài chính"], "organisation"),
        (["Ủy ban nhân dân các xã, phường"], "organisation"),
    ]
    assert plan.tasks[0].title.startswith("Chủ trì tham mưu các cơ chế")
    assert plan.tasks[0].lead_codes == ["75.SNV"]
    assert plan.tasks[1].coordinators == ["Sở Nội vụ"]
    [duty] = plan.reporting
    assert (duty.from_unit, duty.to_unit) == ("Ủy ban nhân dân các xã, phường", "Sở Nội vụ")
    assert (duty.deadline.kind, duty.deadline.day_month) == ("yearly", "10/12")


def test_target_extraction_rules() -> None:
    found = extract_targets(
        "- Phấn đấu đạt 13-15 bác sĩ/vạn dân; tỷ lệ đầu tư đạt 1,5-2% tổng chi giai đoạn "
        "2025 - 2030; tham gia Chương trình “Đào tạo 1.000 chuyên gia” theo Nghị quyết số "
        "57-NQ/TW ngày 22/12/2024.",
        2030,
    )
    assert [(t.value, t.unit, t.year) for t in found] == [
        ([13, 15], "bác sĩ/vạn dân", 2030),
        ([1.5, 2], "%", 2030),
    ]
    assert extract_targets("Ít nhất 50% trí thức dưới 45 tuổi được bồi dưỡng.", 2030)[0].value == 50
    assert len(extract_targets("Ít nhất 50% trí thức dưới 45 tuổi được bồi dưỡng.", 2030)) == 1
    assert extract_targets("Cụ thể hóa theo 03 cấp độ.", 2030) == []
    [by_year] = extract_targets("Đến năm 2026: tối thiểu 30% cán bộ được đào tạo.", 2030)
    assert (by_year.year, by_year.comparator) == (2026, "min")
