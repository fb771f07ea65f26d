"""Lists of people written the way officers write them, to test the importer against.

`write_messy_list(n, out, seed=..., fmt="xlsx"|"csv"|"tcvn3")` writes `n` people of the
synthetic generator (`generator.generate_people`, a seed of its own so they differ from
the demo's) as a unit's spreadsheet would hold them: a title row above the header, a
header over two rows with merged group cells (XLSX), headers other than ours picked from
the synonyms officers use ("Họ và tên" / "Họ tên" / "Họ, tên đệm" + "Tên", "Số CMND/CCCD",
"Mã hồ sơ", "Trình độ", "Học hàm/Học vị", "SĐT"...), unit names with prefixes and
abbreviations ("UBND phường X", "P. X", "Ủy ban nhân dân xã X", "Sở KH&CN") and former
names, old 9-digit ID numbers in the ID column, dates as dd/mm/yyyy, d/m/yyyy, ISO, an
Excel date or a year alone, blank rows, trailing spaces, and a few rows truly wrong
(`bad_share`: an impossible date, an 8-digit ID) that must be rejected.

Returns a `MessyList` with the expected outcome (rows written, rows meant to be bad).
"""

from __future__ import annotations

import csv
import datetime
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hientai.demo.generator import file_seed, generate_people
from hientai.registry.records import PersonRecord

# The generator seed of a messy list: far from the demo's (and from gen-people's).
SEED_OFFSET = 500_000_000

QUALIFICATION_WORDS = {
    "tien_si": ("Tiến sĩ", "TS", "Tiến sỹ"),
    "tskh": ("Tiến sĩ khoa học", "TSKH"),
    "thac_si": ("Thạc sĩ", "ThS", "Thạc sỹ"),
    "cu_nhan": ("Cử nhân", "Đại học"),
    "ky_su": ("Kỹ sư", "KS"),
    "bac_si": ("Bác sĩ",),
    "cao_dang": ("Cao đẳng",),
    "trung_cap": ("Trung cấp",),
}


@dataclass
class MessyList:
    path: Path
    rows: int = 0  # people written
    bad_rows: list[int] = field(default_factory=list)  # 1-based file rows meant to be refused
    header_row: int = 0


def _units() -> tuple[dict[str, tuple[str, str]], dict[str, list[str]]]:
    """code -> (kind, name) of every unit; current code -> former names."""
    from hientai.orgs.models import Succession, Unit

    units = {code: (kind, name) for code, kind, name in Unit.objects.values_list(
        "code", "kind", "name_vi")}  # fmt: skip
    former: dict[str, list[str]] = {}
    # Only names one unit ever had: an officer's "Xã Thạnh Phú" is ambiguous otherwise.
    counts: dict[str, int] = {}
    for _kind, name in units.values():
        counts[name.lower()] = counts.get(name.lower(), 0) + 1
    links = list(Succession.objects.values_list("old_unit__code", "new_unit__code"))
    successors: dict[str, int] = {}
    for old, _new in links:
        successors[old] = successors.get(old, 0) + 1
    for old, new in links:
        # A unit split in two: its old name cannot say which successor.
        known = old in units and units[old][0] in ("ward", "commune") and successors[old] == 1
        if known and counts.get(units[old][1].lower()) == 1:
            former.setdefault(new, []).append(units[old][1])
    return units, former


def unit_written(code: str, units: dict, former: dict, rng: random.Random) -> str:
    """The unit as an officer writes it."""
    kind, name = units.get(code, ("", code))
    roll = rng.random()
    if kind in ("ward", "commune"):
        word = "Phường" if kind == "ward" else "Xã"
        bare = name[len(word) :].strip() if name.startswith(word) else name
        short = "P." if kind == "ward" else "X."
        olds = former.get(code, [])
        # Former names resolve only when a single successor took them over.
        options = [
            f"UBND {word.lower()} {bare}",
            f"Ủy ban nhân dân {word.lower()} {bare}",
            f"UBND {word} {bare}",
            f"{short} {bare}",
            f"{short}{bare}",
            name.upper(),
            name,
            f" {name}  ",
        ]
        if olds and roll < 0.05:
            return rng.choice(olds)
        return rng.choice(options)
    if name.startswith("Sở Khoa học và Công nghệ") and roll < 0.6:
        return rng.choice(["Sở KH&CN", "Sở KHCN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"])
    if roll < 0.3:
        return code
    if roll < 0.5:
        return name + " "
    return name


def _date_text(record: PersonRecord, rng: random.Random, excel: bool) -> Any:
    day = record.birth_date
    if day is None:
        return str(record.birth_year) if record.birth_year else ""
    roll = rng.random()
    if roll < 0.45:
        return day.strftime("%d/%m/%Y")
    if roll < 0.6:
        return f"{day.day}/{day.month}/{day.year}"
    if roll < 0.7:
        return day.isoformat()
    if roll < 0.75:
        return str(day.year)  # a year alone
    if excel:
        return day  # an Excel date cell
    return day.strftime("%d-%m-%Y")


def _phone(text: str, rng: random.Random) -> str:
    if not text:
        return ""
    digits = "".join(c for c in text if c.isdigit())
    roll = rng.random()
    if roll < 0.3 and digits.startswith("0"):
        return "+84" + digits[1:]
    if roll < 0.5 and len(digits) == 10:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return digits


def _qualification(record: PersonRecord, rng: random.Random) -> tuple[str, str]:
    """("Trình độ" text, "Học hàm/Học vị" text)."""
    best = record.highest_qualification
    title = record.academic_titles[0].title if record.academic_titles else ""
    degree = best.degree if best else ""
    words = QUALIFICATION_WORDS.get(degree)
    text = rng.choice(words) if words else ""
    both = ""
    if title and degree in ("tien_si", "tskh"):
        both = f"{title}.{'TSKH' if degree == 'tskh' else 'TS'}"
    elif degree in ("tien_si", "thac_si"):
        both = "TS" if degree == "tien_si" else "ThS"
    return text, both


HEADERS = {
    "record_id": ("Mã hồ sơ", "Mã cán bộ", "Mã CB"),
    "full_name": ("Họ và tên", "Họ tên", "HỌ VÀ TÊN"),
    "birth": ("Ngày sinh", "Ngày, tháng, năm sinh", "Ngày tháng năm sinh"),
    "gender": ("Giới tính", "Nam/Nữ"),
    "id": ("Số CMND/CCCD", "CMND/CCCD", "Số CCCD"),
    "unit": ("Đơn vị công tác", "Đơn vị", "Tên đơn vị"),
    "position": ("Chức vụ", "Chức vụ/Chức danh"),
    "qualification": ("Trình độ", "Trình độ chuyên môn"),
    "title": ("Học hàm/Học vị", "Học hàm, học vị"),
    "major": ("Chuyên ngành", "Chuyên ngành đào tạo"),
    "phone": ("SĐT", "Số điện thoại", "Điện thoại"),
    "email": ("Email", "Địa chỉ email"),
}


def write_messy_list(
    n: int,
    out: Path | str,
    *,
    seed: int = 1,
    fmt: str = "xlsx",
    bad_share: float = 0.02,
    today: datetime.date | None = None,
) -> MessyList:
    out = Path(out)
    rng = random.Random(seed * 7919 + 17)
    units, former = _units()
    split_names = rng.random() < 0.5
    head = {key: rng.choice(choices) for key, choices in HEADERS.items()}
    keys = ["stt", "record_id"]
    keys += ["family_middle", "given_name"] if split_names else ["full_name"]
    keys += ["birth", "gender", "id", "unit", "position", "qualification", "title", "major"]
    keys += ["phone", "email", "note"]
    labels = {
        "stt": "STT",
        "family_middle": "Họ, tên đệm",
        "given_name": "Tên",
        "note": "Ghi chú",
        **head,
    }
    header = [labels[k] for k in keys]
    excel = fmt == "xlsx"
    title = [f"DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC NĂM {(today or datetime.date.today()).year}"]
    group = ["", "", "Thông tin cá nhân", *[""] * (len(keys) - 3)]
    rows: list[list[Any]] = [title, [], group if excel else [], header]
    result = MessyList(out)
    number = len(rows)
    generator_seed, id_slot = file_seed(seed)
    people = generate_people(n, seed=SEED_OFFSET + generator_seed, today=today, id_slot=id_slot)
    for index, record in enumerate(people, start=1):
        if rng.random() < 0.01:
            rows.append([])  # a blank row
            number += 1
        qualification, both = _qualification(record, rng)
        id_text = record.personal_id
        if record.old_id_number and (not id_text or rng.random() < 0.3):
            id_text = record.old_id_number
        job = record.current_employment
        position = job.position if job else ""
        values = {
            "stt": index,
            "record_id": f"HS{seed:03d}-{index:06d}",
            "full_name": record.full_name + (" " if rng.random() < 0.1 else ""),
            "family_middle": f"{record.family_name} {record.middle_name}".strip(),
            "given_name": record.given_name,
            "birth": _date_text(record, rng, excel),
            "gender": {"male": "Nam", "female": "Nữ"}.get(record.gender, ""),
            "id": id_text,
            "unit": unit_written(record.unit_code, units, former, rng),
            "position": position,
            "qualification": qualification,
            "title": both,
            "major": (record.highest_qualification.major if record.highest_qualification else ""),
            "phone": _phone(record.phone, rng),
            "email": record.email,
            "note": "",
        }
        number += 1
        if rng.random() < bad_share:
            if rng.random() < 0.5:
                values["birth"] = "31/02/1985"
            else:
                values["id"] = "12345678"[: rng.choice((5, 7))]
            values["note"] = "dòng sai (thử nghiệm)"
            result.bad_rows.append(number)
        rows.append([values[k] for k in keys])
        result.rows += 1
    result.header_row = 4
    if fmt == "xlsx":
        _write_xlsx(out, rows, len(keys))
    else:
        encoding = "tcvn3" if fmt == "tcvn3" else "utf-8-sig"
        _write_csv(out, rows, encoding)
    return result


def _write_xlsx(out: Path, rows: list[list[Any]], width: int) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for cells in rows:
        sheet.append(cells)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=3, start_column=3, end_row=3, end_column=8)
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
    book.save(out)


def _write_csv(out: Path, rows: list[list[Any]], encoding: str) -> None:
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for cells in rows:
        writer.writerow(["" if c is None else str(c) for c in cells])
    text = buffer.getvalue()
    if encoding == "tcvn3":
        from hientai.exchange.encodings import encode_legacy

        out.write_bytes(encode_legacy(text, "tcvn3"))
    else:
        out.write_text(text, encoding=encoding, newline="")
