"""Reading any file the importer reads (CSV in any encoding including TCVN3 and VNI,
XLSX, XLS, ODS) as raw person records for `hientai dedup-file`, whatever its headers
say: the importer's header synonyms plus the ones lists of people use for a record
number ("Mã hồ sơ")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hientai.exchange.fields import PEOPLE_COLUMNS, header_index
from hientai.exchange.readers import raw_rows
from hientai.registry.values import label_key

WANTED = {
    "full_name", "family_name", "middle_name", "given_name", "birth_date", "birth_year",
    "gender", "personal_id", "old_id_number", "phone", "email", "unit_code", "record_id",
}  # fmt: skip
EXTRA_SYNONYMS = {
    "record_id": (
        "Mã hồ sơ", "Mã HS", "Số hồ sơ", "Mã hồ sơ gốc", "Mã cán bộ", "Mã CB", "Mã nhân viên",
        "Mã NV", "Mã số", "Mã người", "Mã cá nhân", "Mã nhân sự", "Record ID", "record_id",
        "Source ID", "source record id", "ID hồ sơ", "Mã bản ghi", "Số hiệu", "id",
    ),
    "full_name": ("Họ và tên", "Họ tên", "Họ và tên khai sinh", "Tên", "Họ tên đầy đủ",
                  "full name", "fullname", "ho_ten", "ho_va_ten", "name"),
    "birth_date": ("Ngày sinh", "Ngày tháng năm sinh", "Ngày/tháng/năm sinh", "Sinh ngày",
                   "Ngày, tháng, năm sinh", "DOB", "date of birth", "birth date", "ngay_sinh"),
    "birth_year": ("Năm sinh", "year of birth", "nam_sinh"),
    "gender": ("Giới tính", "Giới", "Phái", "Nam/Nữ", "Nam nữ", "gender", "sex", "gioi_tinh"),
    "personal_id": ("Số CCCD", "CCCD", "Số CMND/CCCD", "CMND/CCCD", "CCCD/CMND",
                    "Số CCCD/CMND", "Số định danh", "Số định danh cá nhân", "Mã định danh",
                    "Căn cước", "Số căn cước", "Căn cước công dân", "CMND/CCCD số",
                    "Số giấy tờ tùy thân", "Giấy tờ tùy thân", "ID number", "national id",
                    "citizen id", "so_cccd", "cccd_cmnd"),
    "old_id_number": ("Số CMND", "CMND", "Chứng minh nhân dân", "Số chứng minh", "so_cmnd"),
    "phone": ("Điện thoại", "Số điện thoại", "SĐT", "SDT", "ĐT", "ĐTDĐ", "Di động",
              "Điện thoại di động", "Số ĐT", "phone", "mobile", "tel", "so_dien_thoai"),
    "email": ("Email", "E-mail", "Thư điện tử", "Địa chỉ email", "mail", "email address"),
    "unit_code": ("Đơn vị", "Cơ quan", "Đơn vị công tác", "Nơi công tác", "Cơ quan công tác",
                  "Đơn vị quản lý", "unit", "don_vi"),
}  # fmt: skip
# Words a header contains when no synonym matches it whole (checked in this order).
CONTAINS = (
    ("record_id", ("ma ho so", "ma can bo", "ma nhan vien", "so ho so", "ma hs")),
    ("personal_id", ("cccd", "dinh danh", "can cuoc")),
    ("old_id_number", ("cmnd", "chung minh")),
    ("birth_year", ("nam sinh",)),
    ("birth_date", ("ngay sinh", "sinh ngay", "birth")),
    ("phone", ("dien thoai", "sdt", "phone", "mobile", "di dong")),
    ("email", ("mail", "thu dien tu")),
    ("gender", ("gioi", "gender", "sex", "phai")),
    ("full_name", ("ho va ten", "ho ten", "ten day du", "full name", "name")),
    ("unit_code", ("don vi", "co quan", "noi cong tac")),
)


def _index() -> dict[str, str]:
    index = {key: value for key, value in header_index(PEOPLE_COLUMNS).items() if value in WANTED}
    for key, texts in EXTRA_SYNONYMS.items():
        for text in texts:
            index[label_key(text)] = key
    return index


def map_headers(cells: list[str]) -> dict[int, str]:
    """Column index -> our key for the headers we know (the first column of a key wins;
    a "Năm sinh" next to "Ngày sinh" stays the year)."""
    index = _index()
    found: dict[int, str] = {}
    taken: set[str] = set()
    for position, cell in enumerate(cells):
        key = label_key(str(cell or ""))
        if not key:
            continue
        ours = index.get(key)
        if ours is None:
            ours = next(
                (name for name, words in CONTAINS if any(word in key for word in words)), None
            )
        if ours is None:
            continue
        if ours in taken:
            # A second ID column: an old ID next to the personal ID (or the other way).
            if ours == "personal_id" and "old_id_number" not in taken:
                ours = "old_id_number"
            else:
                continue
        found[position] = ours
        taken.add(ours)
    if "full_name" in taken and "given_name" in taken and "family_name" not in taken:
        # "Họ và tên" and "Tên" side by side: "Tên" is the given name, kept as said.
        pass
    return found


def read_records(path: Path, encoding: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(record id, raw record) for every data row of the first sheet with known
    headers: the "Mã hồ sơ" value, else the 1-based data row number."""
    header: dict[int, str] | None = None
    sheet_seen: str | None = None
    number = 0
    for sheet, _row, cells in raw_rows(Path(path), encoding=encoding):
        if header is None:
            mapped = map_headers(cells)
            names = set(mapped.values())
            if names & {"full_name", "given_name", "family_name"} and len(names) >= 2:
                header, sheet_seen = mapped, sheet
            continue
        if sheet != sheet_seen:
            break
        number += 1
        if not any(str(cell or "").strip() for cell in cells):
            continue
        raw: dict[str, Any] = {}
        for position, key in header.items():
            if position < len(cells):
                raw[key] = cells[position]
        if raw.get("given_name") and not raw.get("family_name") and raw.get("full_name"):
            raw.pop("given_name")  # a "Tên" column beside a full name repeats its end
        record_id = str(raw.pop("record_id", "") or "").strip()
        if record_id.endswith(".0") and record_id[:-2].isdigit():
            record_id = record_id[:-2]
        raw["unit"] = raw.pop("unit_code", "")
        yield record_id or str(number), raw
