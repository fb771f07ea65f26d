"""Unit lists, generic names, the gazetteer and the OCR repair of unit names."""

import pytest

from hientai.plans.parser.ocr_repair import damage_ratio, repair_line
from hientai.plans.parser.units import is_generic, resolve_code, snap, split_units


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Sở Nội vụ, Sở Tài chính và các sở, ban, ngành liên quan",
            ["Sở Nội vụ", "Sở Tài chính", "các sở, ban, ngành liên quan"],
        ),
        ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Các cơ quan, đơn vị liên quan", ["Các cơ quan, đơn vị liên quan"]),
        ("UBND các xã, phường", ["UBND các xã, phường"]),
        (
            "Các sở, ban, ngành; UBND các huyện, thành phố; các cơ quan trực thuộc UBND tỉnh",
            ["Các sở, ban, ngành", "UBND các huyện, thành phố", "các cơ quan trực thuộc UBND tỉnh"],
        ),
        (
            "Sở Nội vụ cùng các sở, ban, ngành liên quan",
            ["Sở Nội vụ", "các sở, ban, ngành liên quan"],
        ),
        (
            "Sở Tài chính, Sở Công Thương, Ban quản lý KCN, khu kinh tế, các cơ sở GDNN và các "
            "đơn vị liên quan",
            [
                "Sở Tài chính",
                "Sở Công Thương",
                "Ban quản lý KCN, khu kinh tế",
                "các cơ sở GDNN",
                "các đơn vị liên quan",
            ],
        ),
        (
            "Các Sở: Nội vụ, Khoa học và Công nghệ, Y tế và các Sở ngành, đơn vị có liên quan",
            [
                "Sở Nội vụ",
                "Sở Khoa học và Công nghệ",
                "Sở Y tế",
                "các Sở ngành, đơn vị có liên quan",
            ],
        ),
        (
            "Báo và Phát thanh, Truyền hình Đồng Nai và các cơ quan báo chí",
            ["Báo và Phát thanh, Truyền hình Đồng Nai", "các cơ quan báo chí"],
        ),
        ("Văn phòng Sở.", ["Văn phòng Sở"]),
        ("", []),
    ],
)
def test_split_units(text: str, names: list[str]) -> None:
    assert split_units(text) == names


def test_generic_names_stay_generic() -> None:
    for name in ("các sở, ban, ngành", "UBND các xã, phường", "Các cơ quan, đơn vị liên quan"):
        assert is_generic(name)
        assert resolve_code(name) is None
    assert not is_generic("Sở Nội vụ")


def test_resolve_code_reads_the_gazetteer_csv() -> None:
    assert resolve_code("Sở Khoa học và Công nghệ") == "75.SKHCN"
    assert resolve_code("Công an thành phố") == "75.CATP"
    assert resolve_code("Phòng Văn hóa - Xã hội") == "25210.VHXH"
    # "Văn phòng Sở" exists in two departments: the issuer decides.
    assert resolve_code("Văn phòng Sở", context="75.SNGV") == "75.SNGV.VP"
    assert resolve_code("Văn phòng Sở", context="75.SKHCN") == "75.SKHCN.VP"
    assert resolve_code("Sở Thông tin và Truyền thông") == "legacy:75.STTTT"
    assert resolve_code("Phòng Không Có Thật") is None


@pytest.mark.parametrize(
    ("damaged", "proper"),
    [
        ("S& Thong tin va Truyén thong", "Sở Thông tin và Truyền thông"),
        ("S¢ Gido duc va Pao tao", "Sở Giáo dục và Đào tạo"),
        ("Pai Phat thanh va Truyén hinh Dong Nai", "Đài Phát thanh và Truyền hình Đồng Nai"),
        ("cac co quan truc thugc UBND tinh", "các cơ quan trực thuộc UBND tỉnh"),
        ("Van phong So", "Văn phòng Sở"),
        ("S& Lao dong - Thuong binh va Xa hi", "Sở Lao động - Thương binh và Xã hội"),
    ],
)
def test_snap_repairs_ocr_damaged_names(damaged: str, proper: str) -> None:
    assert snap(repair_line(damaged)) == proper


def test_repair_line_restores_diacritics() -> None:
    assert repair_line("- Pon vi chu tri thuc hién: S& Noi vu.") == (
        "- Đơn vị chủ trì thực hiện: Sở Nội vụ."
    )
    assert repair_line("- Thoi gian thuc hién: Hang nam.") in {
        "- Thời gian thực hiện: Hằng năm.",
        "- Thời gian thực hiện: Hàng năm.",  # both spellings are proper Vietnamese
    }
    # Markers and numbers stay: "b)" is not "bộ)", "100%" is not a word.
    assert repair_line("b) 100% can bo") == "b) 100% cán bộ"


def test_damage_ratio_tells_ocr_text_from_clean_text() -> None:
    clean = ["Đơn vị chủ trì: Sở Nội vụ.", "Thời gian thực hiện: Hằng năm."]
    damaged = ["Pon vi chu tri thuc hién: S& Noi vu.", "Thoi gian thuc hién: Hang nam."]
    assert damage_ratio(clean) < 0.06 < damage_ratio(damaged)
