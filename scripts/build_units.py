"""Build the unit reference data in hientai/orgs/data/ and validate it.

Writes three CSV files:

* units.csv       code,parent_code,kind,name_vi,name_en,valid_from,valid_to,source
* successions.csv old_code,new_code,kind,effective_date,note
* population.csv  unit_code,year,population,source,estimate

Wards, communes, legacy (pre-2025) communes and their successions come from the
vietnam-provinces package; departments, divisions and other bodies are kept by hand
below because no package lists them.

Usage (from the repository root):

    .venv/bin/python scripts/build_units.py           # regenerate, then validate
    .venv/bin/python scripts/build_units.py --check   # validate the files as they are
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields
from pathlib import Path

import vietnam_provinces
from vietnam_provinces import Province, ProvinceCode, VietNamDivisionType, Ward, legacy

DATA_DIR = Path(__file__).resolve().parents[1] / "hientai" / "orgs" / "data"

CITY = "75"
LEGACY_PROVINCES = (70, 75)  # Bình Phước, old Đồng Nai
MERGER_DATE = "2025-07-01"
LEGACY_END = "2025-06-30"
# The 2025-03-01 departmental reorganisation (Sở TT&TT -> Sở KH&CN, Sở LĐTBXH split).
REORG_DATE = "2025-03-01"
REORG_END = "2025-02-28"

PKG = f"vietnam-provinces {vietnam_provinces.__version__}"
WARD_SOURCE = f"{PKG} (Decision 19/2025/QĐ-TTg)"
UNVERIFIED = "standard structure, unverified"

UNIT_KINDS = frozenset(
    {
        "city",
        "peoples_committee",
        "department",
        "board",
        "agency",
        "press",
        "university",
        "college",
        "police",
        "front",
        "association",
        "central_agency",
        "ward",
        "commune",
        "division",
        "province",
    }
)
SUCCESSION_KINDS = frozenset({"merge", "rename", "split", "absorb"})

# Limits of the Django models in hientai/orgs/models.py.
MAX_CODE = 64
MAX_TEXT = 255

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CODE_RE = re.compile(r"^(legacy:)?\d{2,5}(\.[A-Z0-9]+)*$")


@dataclass(frozen=True)
class UnitRow:
    code: str
    parent_code: str
    kind: str
    name_vi: str
    name_en: str
    valid_from: str
    valid_to: str
    source: str


@dataclass(frozen=True)
class SuccessionRow:
    old_code: str
    new_code: str
    kind: str
    effective_date: str
    note: str


@dataclass(frozen=True)
class PopulationRow:
    unit_code: str
    year: int
    population: int
    source: str
    estimate: int


def header(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]


# --------------------------------------------------------------------------------------
# Hand-kept units. Sources name the seed plan (shared/seeds/NNN_*.txt) that mentions them.
# --------------------------------------------------------------------------------------

S000 = "seed 000 (KH Sở Ngoại vụ, 2026)"
S001 = "seed 001 (KH phường Đồng Xoài, 2026)"
S002 = "seed 002 (KH Sở Ngoại vụ NQ57, 2026, OCR)"
S003 = "seed 003 (KH UBND thành phố, 5/2026)"
S004 = "seed 004 (KH UBND tỉnh Đồng Nai QĐ146, 2022, OCR)"


def city_unit(
    abbr: str, kind: str, name_vi: str, name_en: str, source: str, valid_from: str = MERGER_DATE
) -> UnitRow:
    return UnitRow(f"{CITY}.{abbr}", CITY, kind, name_vi, name_en, valid_from, "", source)


def division(parent: str, abbr: str, name_vi: str, name_en: str, source: str) -> UnitRow:
    return UnitRow(f"{parent}.{abbr}", parent, "division", name_vi, name_en, "", "", source)


CITY_UNITS: tuple[UnitRow, ...] = (
    UnitRow(
        CITY,
        "",
        "city",
        "Thành phố Đồng Nai",
        "Dong Nai City",
        MERGER_DATE,
        "",
        f"{PKG}; Resolution 202/2025/QH15 (Đồng Nai + Bình Phước)",
    ),
    city_unit(
        "UBND",
        "peoples_committee",
        "Ủy ban nhân dân thành phố Đồng Nai",
        "Dong Nai City People's Committee",
        f"{S003}; {S000}",
    ),
    city_unit(
        "VPUBND",
        "agency",
        "Văn phòng Ủy ban nhân dân thành phố",
        "Office of the Dong Nai City People's Committee",
        f"{S003} (Chánh, các PCVP UBND thành phố)",
    ),
    city_unit(
        "SKHCN",
        "department",
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
        f"{S000}; {S001}; {S002}; {S003}",
    ),
    city_unit("SNV", "department", "Sở Nội vụ", "Department of Home Affairs", f"{S003}; {S004}"),
    city_unit("STC", "department", "Sở Tài chính", "Department of Finance", f"{S003}; {S004}"),
    city_unit(
        "SNGV",
        "department",
        "Sở Ngoại vụ",
        "Department of Foreign Affairs",
        f"{S000}; {S002}; {S003}",
    ),
    city_unit(
        "SGDDT",
        "department",
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
        f"{S003}; {S004}",
    ),
    city_unit("SYT", "department", "Sở Y tế", "Department of Health", S003),
    city_unit("SCT", "department", "Sở Công Thương", "Department of Industry and Trade", S003),
    city_unit("STP", "department", "Sở Tư pháp", "Department of Justice", S003),
    city_unit(
        "SVHTTDL",
        "department",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        S003,
    ),
    city_unit(
        "SNNMT",
        "department",
        "Sở Nông nghiệp và Môi trường",
        "Department of Agriculture and Environment",
        "standard department since 2025; not named in seeds",
    ),
    city_unit(
        "SXD",
        "department",
        "Sở Xây dựng",
        "Department of Construction",
        "standard department since 2025; not named in seeds",
    ),
    city_unit(
        "TTR",
        "agency",
        "Thanh tra thành phố Đồng Nai",
        "Dong Nai City Inspectorate",
        "standard city body; not named in seeds",
    ),
    city_unit(
        "BQLKCN",
        "board",
        "Ban Quản lý các khu công nghiệp Đồng Nai",
        "Dong Nai Industrial Zones Authority",
        f"{S003} ('Ban quản lý KCN, khu kinh tế'); exact post-merger name unverified",
    ),
    city_unit(
        "CATP",
        "police",
        "Công an thành phố Đồng Nai",
        "Dong Nai City Police",
        S003,
    ),
    city_unit(
        "UBMTTQ",
        "front",
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Đồng Nai",
        "Vietnam Fatherland Front Committee of Dong Nai City",
        f"{S003}; {S001}; {S004} (UBMTTQVN tỉnh)",
    ),
    city_unit(
        "LHH",
        "association",
        "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Đồng Nai",
        "Dong Nai Union of Science and Technology Associations",
        S003,
        valid_from="",
    ),
    city_unit(
        "HVHNT",
        "association",
        "Hội Văn học Nghệ thuật Đồng Nai",
        "Dong Nai Literature and Arts Association",
        f"{S003} ('Hội Văn học nghệ thuật'); exact post-merger name unverified",
        valid_from="",
    ),
    city_unit(
        "BPTTH",
        "press",
        "Báo và Phát thanh, Truyền hình Đồng Nai",
        "Dong Nai Newspaper, Radio and Television",
        f"{S003}; formation date unverified",
    ),
    city_unit(
        "TK",
        "central_agency",
        "Thống kê thành phố Đồng Nai",
        "Dong Nai City Statistics Office",
        f"{S003} calls it 'Cục Thống kê'; local office of Cục Thống kê (Ministry of Finance)",
    ),
    # Universities and colleges: institutions that predate the merger, so no valid_from.
    city_unit(
        "DHDN",
        "university",
        "Trường Đại học Đồng Nai",
        "Dong Nai University",
        f"{S003} (các trường ĐH, CĐ trên địa bàn); public, city-run",
        valid_from="",
    ),
    city_unit(
        "DHLH",
        "university",
        "Trường Đại học Lạc Hồng",
        "Lac Hong University",
        f"{S003} (các trường ĐH, CĐ trên địa bàn); private",
        valid_from="",
    ),
    city_unit(
        "DHCNDN",
        "university",
        "Trường Đại học Công nghệ Đồng Nai",
        "Dong Nai Technology University",
        f"{S003} (các trường ĐH, CĐ trên địa bàn); private",
        valid_from="",
    ),
    city_unit(
        "DHCNMD",
        "university",
        "Trường Đại học Công nghệ Miền Đông",
        "Mien Dong Innovative Technology University",
        f"{S003} (các trường ĐH, CĐ trên địa bàn); private",
        valid_from="",
    ),
    city_unit(
        "PHDHLN",
        "university",
        "Phân hiệu Trường Đại học Lâm nghiệp tại Đồng Nai",
        "Vietnam National University of Forestry - Dong Nai Campus",
        f"{S003} (cơ sở trực thuộc trường ĐH Trung ương đóng trên địa bàn)",
        valid_from="",
    ),
    city_unit(
        "CDCNC",
        "college",
        "Trường Cao đẳng Công nghệ cao Đồng Nai",
        "Dong Nai High Technology College",
        f"{S003} (các trường ĐH, CĐ trên địa bàn)",
        valid_from="",
    ),
    city_unit(
        "CDKT",
        "college",
        "Trường Cao đẳng Kỹ thuật Đồng Nai",
        "Dong Nai Technical College",
        f"{S003} (các trường ĐH, CĐ trên địa bàn); 2025 reorganisation unverified",
        valid_from="",
    ),
    city_unit(
        "CDYT",
        "college",
        "Trường Cao đẳng Y tế Đồng Nai",
        "Dong Nai Medical College",
        f"{S003} (các trường ĐH, CĐ trên địa bàn); 2025 reorganisation unverified",
        valid_from="",
    ),
    city_unit(
        "CDBP",
        "college",
        "Trường Cao đẳng Bình Phước",
        "Binh Phuoc College",
        f"{S003} (các trường ĐH, CĐ trên địa bàn); 2025 reorganisation unverified",
        valid_from="",
    ),
    city_unit(
        "CDCNCS",
        "college",
        "Trường Cao đẳng Công nghiệp Cao su",
        "Rubber Industry College",
        f"{S003} (các trường ĐH, CĐ trên địa bàn); run by the Vietnam Rubber Group",
        valid_from="",
    ),
    city_unit(
        "CDLILAMA2",
        "college",
        "Trường Cao đẳng Công nghệ quốc tế Lilama 2",
        "Lilama 2 International Technology College",
        f"{S003} (các trường ĐH, CĐ trên địa bàn); run by the Ministry of Construction",
        valid_from="",
    ),
)

SNGV = f"{CITY}.SNGV"
SKHCN = f"{CITY}.SKHCN"
DONG_XOAI = "25210"

DIVISIONS: tuple[UnitRow, ...] = (
    division(SNGV, "VP", "Văn phòng Sở", "Office of the Department", f"{S000}; {S002}"),
    division(SNGV, "LS", "Phòng Lãnh sự", "Consular Division", f"{S000}; {S002}"),
    division(
        SNGV,
        "HTQT",
        "Phòng Hợp tác quốc tế",
        "International Cooperation Division",
        f"{S000}; {S002}",
    ),
    # Not a phòng: the director and deputies, named as a recipient and as the body that
    # directs; kept so plans can point at it.
    division(
        SNGV,
        "BGD",
        "Ban Giám đốc Sở",
        "Board of Directors of the Department",
        f"{S000}; {S002}; leadership board, not a phòng",
    ),
    division(SKHCN, "VP", "Văn phòng Sở", "Office of the Department", UNVERIFIED),
    division(
        SKHCN, "KHTC", "Phòng Kế hoạch - Tài chính", "Planning and Finance Division", UNVERIFIED
    ),
    division(SKHCN, "QLKH", "Phòng Quản lý khoa học", "Science Management Division", UNVERIFIED),
    division(
        SKHCN, "QLCN", "Phòng Quản lý công nghệ", "Technology Management Division", UNVERIFIED
    ),
    division(SKHCN, "CDS", "Phòng Chuyển đổi số", "Digital Transformation Division", UNVERIFIED),
    division(
        DONG_XOAI,
        "VHXH",
        "Phòng Văn hóa - Xã hội",
        "Culture and Social Affairs Division",
        S001,
    ),
    division(
        DONG_XOAI,
        "KTHTDT",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Economy, Infrastructure and Urban Affairs Division",
        S001,
    ),
    division(
        DONG_XOAI,
        "TTDVTH",
        "Trung tâm Dịch vụ tổng hợp",
        "General Services Center",
        S001,
    ),
    division(
        DONG_XOAI,
        "VP",
        "Văn phòng HĐND và UBND phường",
        "Office of the Ward People's Council and People's Committee",
        f"{S001} (LĐVP); standard ward structure",
    ),
)


def legacy_unit(
    province: int,
    abbr: str,
    kind: str,
    name_vi: str,
    name_en: str,
    source: str,
    valid_to: str = LEGACY_END,
) -> UnitRow:
    return UnitRow(
        f"legacy:{province}.{abbr}",
        f"legacy:{province}",
        kind,
        name_vi,
        name_en,
        "",
        valid_to,
        source,
    )


BP = "former Bình Phước department merged into Đồng Nai's on 2025-07-01"
DN = "former Đồng Nai (tỉnh) body"

LEGACY_BODIES: tuple[UnitRow, ...] = (
    legacy_unit(
        70,
        "SKHCN",
        "department",
        "Sở Khoa học và Công nghệ tỉnh Bình Phước",
        "Binh Phuoc Department of Science and Technology",
        BP,
    ),
    legacy_unit(
        70,
        "SNV",
        "department",
        "Sở Nội vụ tỉnh Bình Phước",
        "Binh Phuoc Department of Home Affairs",
        BP,
    ),
    legacy_unit(
        70,
        "SGDDT",
        "department",
        "Sở Giáo dục và Đào tạo tỉnh Bình Phước",
        "Binh Phuoc Department of Education and Training",
        BP,
    ),
    legacy_unit(
        70, "SYT", "department", "Sở Y tế tỉnh Bình Phước", "Binh Phuoc Department of Health", BP
    ),
    legacy_unit(
        70,
        "STC",
        "department",
        "Sở Tài chính tỉnh Bình Phước",
        "Binh Phuoc Department of Finance",
        BP,
    ),
    legacy_unit(
        70,
        "SNGV",
        "department",
        "Sở Ngoại vụ tỉnh Bình Phước",
        "Binh Phuoc Department of Foreign Affairs",
        f"{BP}; border province, kept its Sở Ngoại vụ in 2025",
    ),
    legacy_unit(
        70,
        "BQLKKT",
        "board",
        "Ban Quản lý Khu kinh tế tỉnh Bình Phước",
        "Binh Phuoc Economic Zone Authority",
        "former Bình Phước board; merger into Đồng Nai's industrial zones authority unverified",
    ),
    legacy_unit(
        70,
        "BPTV",
        "press",
        "Đài Phát thanh - Truyền hình và Báo Bình Phước",
        "Binh Phuoc Radio, Television and Newspaper",
        "former Bình Phước press body; merger date unverified",
    ),
    legacy_unit(
        75,
        "SKHCN",
        "department",
        "Sở Khoa học và Công nghệ tỉnh Đồng Nai",
        "Dong Nai Provincial Department of Science and Technology",
        f"{DN}; absorbed Sở Thông tin và Truyền thông on 2025-03-01",
    ),
    legacy_unit(
        75,
        "SNV",
        "department",
        "Sở Nội vụ tỉnh Đồng Nai",
        "Dong Nai Provincial Department of Home Affairs",
        f"{DN}; {S004}",
    ),
    legacy_unit(
        75,
        "SGDDT",
        "department",
        "Sở Giáo dục và Đào tạo tỉnh Đồng Nai",
        "Dong Nai Provincial Department of Education and Training",
        f"{DN}; {S004}",
    ),
    legacy_unit(
        75,
        "SYT",
        "department",
        "Sở Y tế tỉnh Đồng Nai",
        "Dong Nai Provincial Department of Health",
        DN,
    ),
    legacy_unit(
        75,
        "STC",
        "department",
        "Sở Tài chính tỉnh Đồng Nai",
        "Dong Nai Provincial Department of Finance",
        f"{DN}; {S004}",
    ),
    legacy_unit(
        75,
        "STTTT",
        "department",
        "Sở Thông tin và Truyền thông tỉnh Đồng Nai",
        "Dong Nai Provincial Department of Information and Communications",
        f"{DN}; {S004}; merged into Sở KH&CN 2025-03-01",
        valid_to=REORG_END,
    ),
    legacy_unit(
        75,
        "SLDTBXH",
        "department",
        "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai",
        "Dong Nai Provincial Department of Labour, Invalids and Social Affairs",
        f"{DN}; {S004}; dissolved 2025-03-01 (tasks to Sở Nội vụ, Sở Y tế, Sở GD&ĐT)",
        valid_to=REORG_END,
    ),
    legacy_unit(
        75,
        "DPTTH",
        "press",
        "Đài Phát thanh và Truyền hình Đồng Nai",
        "Dong Nai Radio and Television",
        f"{DN}; {S004}; merger date unverified",
    ),
    legacy_unit(
        75,
        "BAODN",
        "press",
        "Báo Đồng Nai",
        "Dong Nai Newspaper",
        f"{DN}; {S004} (Báo Đồng Nai); merger date unverified",
    ),
)


def link(old: str, new: str, kind: str, date: str, note: str) -> SuccessionRow:
    return SuccessionRow(old, new, kind, date, note)


HAND_SUCCESSIONS: tuple[SuccessionRow, ...] = (
    link(
        "legacy:70",
        CITY,
        "absorb",
        MERGER_DATE,
        "Tỉnh Bình Phước merged into Đồng Nai (Resolution 202/2025/QH15, in force 2025-07-01)",
    ),
    link(
        "legacy:75",
        CITY,
        "rename",
        MERGER_DATE,
        "Tỉnh Đồng Nai became Thành phố Đồng Nai (centrally-run city); Resolution 202/2025/QH15 "
        "adopted 2025-06-12, new local government from 2025-07-01",
    ),
    *(
        link(f"legacy:{p}.{abbr}", f"{CITY}.{abbr}", "merge", MERGER_DATE, note)
        for p, abbr, note in (
            (70, "SKHCN", "merged with Sở KH&CN tỉnh Đồng Nai"),
            (70, "SNV", "merged with Sở Nội vụ tỉnh Đồng Nai"),
            (70, "SGDDT", "merged with Sở GD&ĐT tỉnh Đồng Nai"),
            (70, "SYT", "merged with Sở Y tế tỉnh Đồng Nai"),
            (70, "STC", "merged with Sở Tài chính tỉnh Đồng Nai"),
            (70, "SNGV", "merged into Sở Ngoại vụ thành phố Đồng Nai"),
            (75, "SKHCN", "merged with Sở KH&CN tỉnh Bình Phước"),
            (75, "SNV", "merged with Sở Nội vụ tỉnh Bình Phước"),
            (75, "SGDDT", "merged with Sở GD&ĐT tỉnh Bình Phước"),
            (75, "SYT", "merged with Sở Y tế tỉnh Bình Phước"),
            (75, "STC", "merged with Sở Tài chính tỉnh Bình Phước"),
        )
    ),
    link(
        "legacy:70.BQLKKT",
        f"{CITY}.BQLKCN",
        "merge",
        MERGER_DATE,
        "unverified: assumed merged into Ban Quản lý các KCN Đồng Nai",
    ),
    link(
        "legacy:70.BPTV",
        f"{CITY}.BPTTH",
        "merge",
        MERGER_DATE,
        "press merger; date unverified",
    ),
    link("legacy:75.DPTTH", f"{CITY}.BPTTH", "merge", MERGER_DATE, "press merger; date unverified"),
    link("legacy:75.BAODN", f"{CITY}.BPTTH", "merge", MERGER_DATE, "press merger; date unverified"),
    link(
        "legacy:75.STTTT",
        "legacy:75.SKHCN",
        "merge",
        REORG_DATE,
        "2025 ministry-level reorganisation: Sở TT&TT merged into Sở KH&CN",
    ),
    link(
        "legacy:75.SLDTBXH",
        "legacy:75.SNV",
        "split",
        REORG_DATE,
        "main successor: labour, employment, merit and social insurance tasks",
    ),
    link(
        "legacy:75.SLDTBXH",
        "legacy:75.SYT",
        "split",
        REORG_DATE,
        "social protection, children and social-evil prevention tasks",
    ),
    link(
        "legacy:75.SLDTBXH",
        "legacy:75.SGDDT",
        "split",
        REORG_DATE,
        "vocational education tasks",
    ),
)

# General knowledge, not official statistics: marked estimate=1. No ward figures: the
# package carries neither population nor area, and we do not invent them.
POPULATION: tuple[PopulationRow, ...] = (
    PopulationRow(
        "legacy:75",
        2024,
        3_370_000,
        "approx. average population of old Tỉnh Đồng Nai, general knowledge, unverified",
        1,
    ),
    PopulationRow(
        "legacy:70",
        2024,
        1_050_000,
        "approx. average population of Tỉnh Bình Phước, general knowledge, unverified",
        1,
    ),
    PopulationRow(
        CITY,
        2024,
        4_420_000,
        "sum of old Đồng Nai (~3.37M) + Bình Phước (~1.05M), general knowledge, unverified",
        1,
    ),
    PopulationRow(
        CITY,
        2025,
        4_491_408,
        "figure cited in the 2025 merger dossier (Đồng Nai + Bình Phước), general knowledge, "
        "unverified",
        1,
    ),
)


# --------------------------------------------------------------------------------------
# Rows generated from vietnam-provinces
# --------------------------------------------------------------------------------------


def ascii_name(name: str) -> str:
    """Strip Vietnamese diacritics: 'Đồng Xoài' -> 'Dong Xoai'."""
    name = name.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


PREFIXES = ("Phường ", "Xã ", "Thị trấn ", "Đặc khu ")


def bare_name(name: str) -> str:
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def code5(code: int) -> str:
    return f"{int(code):05d}"


def new_ward_kind(division_type: VietNamDivisionType) -> tuple[str, str]:
    """(unit kind, English suffix) for a post-2025 ward-level unit."""
    if division_type == VietNamDivisionType.PHUONG:
        return "ward", "Ward"
    if division_type == VietNamDivisionType.DAC_KHU:
        # No 'special zone' kind in the model; Đồng Nai has none anyway.
        return "commune", "Special Zone"
    return "commune", "Commune"


def legacy_ward_kind(division_type: legacy.VietNamDivisionType) -> tuple[str, str]:
    """(unit kind, English suffix) for a pre-2025 ward-level unit."""
    if division_type == legacy.VietNamDivisionType.PHUONG:
        return "ward", "Ward"
    if division_type == legacy.VietNamDivisionType.THI_TRAN:
        return "commune", "Township"
    return "commune", "Commune"


def current_wards() -> list[Ward]:
    return sorted(Ward.iter_by_province(ProvinceCode(int(CITY))), key=lambda w: int(w.code))


def ward_units() -> list[UnitRow]:
    rows = []
    for ward in current_wards():
        kind, suffix = new_ward_kind(ward.division_type)
        rows.append(
            UnitRow(
                code5(ward.code),
                CITY,
                kind,
                ward.name,
                f"{ascii_name(bare_name(ward.name))} {suffix}",
                MERGER_DATE,
                "",
                WARD_SOURCE,
            )
        )
    return rows


def legacy_wards(province: int) -> list[legacy.Ward]:
    return sorted(
        legacy.Ward.iter_by_province(legacy.ProvinceCode(province)), key=lambda w: int(w.code)
    )


def legacy_units() -> list[UnitRow]:
    """Former provinces, their hand-kept bodies, then their communes."""
    bodies = {
        p: [u for u in LEGACY_BODIES if u.parent_code == f"legacy:{p}"] for p in LEGACY_PROVINCES
    }
    names_en = {70: "Binh Phuoc Province (former)", 75: "Dong Nai Province (former)"}
    names_vi = {70: None, 75: "Tỉnh Đồng Nai (cũ)"}
    rows: list[UnitRow] = []
    for province in LEGACY_PROVINCES:
        old = legacy.Province.from_code(legacy.ProvinceCode(province))
        rows.append(
            UnitRow(
                f"legacy:{province}",
                "",
                "province",
                names_vi[province] or old.name,
                names_en[province],
                "",
                LEGACY_END,
                f"{PKG} legacy (pre-2025 provinces)",
            )
        )
        rows.extend(bodies[province])
        for ward in legacy_wards(province):
            kind, suffix = legacy_ward_kind(ward.division_type)
            district = legacy.District.from_code(ward.district_code).name
            source = f"{PKG} legacy (pre-2025); old district: {district}"
            if ward.division_type == legacy.VietNamDivisionType.THI_TRAN:
                source += "; thị trấn recorded as kind commune"
            rows.append(
                UnitRow(
                    f"legacy:{code5(ward.code)}",
                    f"legacy:{province}",
                    kind,
                    ward.name,
                    f"{ascii_name(bare_name(ward.name))} {suffix}",
                    "",
                    LEGACY_END,
                    source,
                )
            )
    return rows


def partly_merged_codes() -> set[int]:
    """Old ward codes the package marks as only partly merged into their new ward."""
    # The flag lives only in the package's private conversion table; without it the
    # notes just lose a detail, so a missing table is not an error.
    try:
        from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW
    except ImportError:
        return set()
    return {code for code, entry in OLD_TO_NEW.items() if entry.old_ward.is_partly_merged}


def ward_successions() -> list[SuccessionRow]:
    """One row per (old commune, new ward/commune) pair, from the package's 2025 table."""
    partly = partly_merged_codes()
    source_counts = {int(ward.code): len(ward.get_legacy_sources()) for ward in current_wards()}
    rows: list[SuccessionRow] = []
    for province in LEGACY_PROVINCES:
        for old in legacy_wards(province):
            targets = sorted(
                {
                    int(hit.ward.code): hit.ward
                    for hit in Ward.search_from_legacy(code=int(old.code))
                }.items()
            )
            for new_code, new in targets:
                if len(targets) > 1:
                    kind = "split"
                    note = f"{old.name} split into {len(targets)} units; part to {new.name}"
                elif source_counts.get(new_code, 0) > 1:
                    kind = "merge"
                    others = source_counts[new_code] - 1
                    note = f"{old.name} merged with {others} other unit(s) into {new.name}"
                else:
                    # 1:1: the model has no 'continued' kind; rename is the closest.
                    kind = "rename"
                    if old.name == new.name:
                        note = f"{old.name} continued 1:1 (name unchanged)"
                    else:
                        note = f"{old.name} continued 1:1 as {new.name}"
                if int(old.code) in partly:
                    note += "; only part of its area (package flag is_partly_merged)"
                rows.append(
                    SuccessionRow(
                        f"legacy:{code5(old.code)}", code5(new_code), kind, MERGER_DATE, note
                    )
                )
    return rows


# --------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------


def parents_first(rows: Sequence[UnitRow]) -> list[UnitRow]:
    """Stable order in which every parent precedes its children."""
    by_code = {row.code: row for row in rows}
    placed: set[str] = set()
    ordered: list[UnitRow] = []

    def place(row: UnitRow, trail: tuple[str, ...] = ()) -> None:
        if row.code in placed:
            return
        if row.code in trail:
            raise ValueError(f"parent cycle: {' -> '.join((*trail, row.code))}")
        if row.parent_code in by_code:
            place(by_code[row.parent_code], (*trail, row.code))
        placed.add(row.code)
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered


def build() -> tuple[list[UnitRow], list[SuccessionRow], list[PopulationRow]]:
    units = parents_first([*CITY_UNITS, *ward_units(), *DIVISIONS, *legacy_units()])
    successions = [*HAND_SUCCESSIONS, *ward_successions()]
    return units, successions, list(POPULATION)


def write_csv(path: Path, row_type: type, rows: Iterable[object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Plain UTF-8 (no BOM) and LF endings so diffs stay readable.
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header(row_type))
        for row in rows:
            writer.writerow(astuple(row))


# --------------------------------------------------------------------------------------
# Validation of the files on disk (so --check also catches hand edits)
# --------------------------------------------------------------------------------------


def read_csv(path: Path, expected: list[str], errors: list[str]) -> list[dict[str, str]]:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append(f"{path.name}: starts with a BOM")
    text = raw.decode("utf-8")
    if unicodedata.normalize("NFC", text) != text:
        errors.append(f"{path.name}: not Unicode NFC")
    if "\r" in text:
        errors.append(f"{path.name}: has CR line endings")
    reader = csv.reader(text.splitlines())
    got = next(reader, [])
    if got != expected:
        errors.append(f"{path.name}: header {got} != {expected}")
        return []
    rows = []
    for number, values in enumerate(reader, start=2):
        if len(values) != len(expected):
            errors.append(f"{path.name}:{number}: {len(values)} fields, expected {len(expected)}")
            continue
        rows.append(dict(zip(expected, values, strict=True)))
    return rows


def check_date(value: str, where: str, errors: list[str], required: bool = False) -> None:
    if not value:
        if required:
            errors.append(f"{where}: date missing")
        return
    if not DATE_RE.match(value):
        errors.append(f"{where}: bad date {value!r}")


def validate_units(rows: list[dict[str, str]], errors: list[str]) -> dict[str, dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows, start=2):
        where = f"units.csv:{number} {row['code']}"
        code = row["code"]
        if code in seen:
            errors.append(f"{where}: duplicate code")
        if not CODE_RE.match(code) or len(code) > MAX_CODE:
            errors.append(f"{where}: bad code")
        if row["kind"] not in UNIT_KINDS:
            errors.append(f"{where}: bad kind {row['kind']!r}")
        if row["parent_code"] and row["parent_code"] not in seen:
            errors.append(f"{where}: parent {row['parent_code']!r} missing or after the child")
        if not row["name_vi"]:
            errors.append(f"{where}: empty name_vi")
        if not row["name_en"].isascii():
            errors.append(f"{where}: name_en not ASCII")
        for column in ("name_vi", "name_en", "source"):
            if len(row[column]) > MAX_TEXT:
                errors.append(f"{where}: {column} longer than {MAX_TEXT}")
        check_date(row["valid_from"], where, errors)
        check_date(row["valid_to"], where, errors)
        if row["valid_from"] and row["valid_to"] and row["valid_to"] < row["valid_from"]:
            errors.append(f"{where}: valid_to before valid_from")
        if code.startswith("legacy:") and not row["valid_to"]:
            errors.append(f"{where}: legacy unit without valid_to")
        seen[code] = row
    return seen


def validate_successions(
    rows: list[dict[str, str]], units: dict[str, dict[str, str]], errors: list[str]
) -> None:
    pairs: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        where = f"successions.csv:{number} {row['old_code']}->{row['new_code']}"
        for column in ("old_code", "new_code"):
            if row[column] not in units:
                errors.append(f"{where}: unknown {column} {row[column]!r}")
        if row["old_code"] == row["new_code"]:
            errors.append(f"{where}: self succession")
        pair = (row["old_code"], row["new_code"])
        if pair in pairs:
            errors.append(f"{where}: duplicate pair")
        pairs.add(pair)
        if row["kind"] not in SUCCESSION_KINDS:
            errors.append(f"{where}: bad kind {row['kind']!r}")
        check_date(row["effective_date"], where, errors, required=True)
        if len(row["note"]) > MAX_TEXT:
            errors.append(f"{where}: note longer than {MAX_TEXT}")
    # Every former commune must lead somewhere, or old records would be orphaned.
    olds = {old for old, _ in pairs}
    for code, unit in units.items():
        if unit["kind"] in {"ward", "commune"} and code.startswith("legacy:") and code not in olds:
            errors.append(f"successions.csv: no successor for {code}")


def validate_population(
    rows: list[dict[str, str]], units: dict[str, dict[str, str]], errors: list[str]
) -> None:
    keys: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        where = f"population.csv:{number} {row['unit_code']}"
        if row["unit_code"] not in units:
            errors.append(f"{where}: unknown unit")
        if not row["year"].isdigit() or not row["population"].isdigit():
            errors.append(f"{where}: year and population must be whole numbers")
        if row["estimate"] not in {"0", "1"}:
            errors.append(f"{where}: estimate must be 0 or 1")
        key = (row["unit_code"], row["year"])
        if key in keys:
            errors.append(f"{where}: duplicate year")
        keys.add(key)


def validate(data_dir: Path) -> list[str]:
    errors: list[str] = []
    units_rows = read_csv(data_dir / "units.csv", header(UnitRow), errors)
    units = validate_units(units_rows, errors)
    succession_rows = read_csv(data_dir / "successions.csv", header(SuccessionRow), errors)
    validate_successions(succession_rows, units, errors)
    population_rows = read_csv(data_dir / "population.csv", header(PopulationRow), errors)
    validate_population(population_rows, units, errors)

    # The package must still agree with what we wrote: 95 wards/communes in 2026.9.0.
    expected_wards = {code5(w.code) for w in current_wards()}
    written_wards = {
        code for code, row in units.items() if row["parent_code"] == CITY and code.isdigit()
    }
    if expected_wards != written_wards:
        errors.append(
            f"units.csv: wards differ from {PKG}: "
            f"missing {sorted(expected_wards - written_wards)[:5]}, "
            f"extra {sorted(written_wards - expected_wards)[:5]}"
        )
    legacy_sources = {
        int(p.code) for p in Province.from_code(ProvinceCode(int(CITY))).get_legacy_sources()
    }
    if legacy_sources != set(LEGACY_PROVINCES):
        errors.append(f"{PKG}: province {CITY} legacy sources are {sorted(legacy_sources)}")
    return errors


def summary(data_dir: Path) -> str:
    with (data_dir / "units.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counts: dict[str, int] = {}
    for row in rows:
        scope = "legacy" if row["code"].startswith("legacy:") else "current"
        key = f"{scope}/{row['kind']}"
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{key}={value}" for key, value in sorted(counts.items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only validate the existing files")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)

    if not args.check:
        units, successions, population = build()
        write_csv(args.data_dir / "units.csv", UnitRow, units)
        write_csv(args.data_dir / "successions.csv", SuccessionRow, successions)
        write_csv(args.data_dir / "population.csv", PopulationRow, population)

    errors = validate(args.data_dir)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"FAILED: {len(errors)} problem(s)", file=sys.stderr)
        return 1
    print(f"OK: {summary(args.data_dir)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
