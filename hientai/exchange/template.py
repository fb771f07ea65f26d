"""The XLSX template officers fill in: our Vietnamese headers, an instructions sheet and
drop-downs (data validation) from the current code lists, kept on a hidden sheet."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from hientai.catalogs.models import Code
from hientai.exchange import fields as F
from hientai.exchange.parsing import CHOICES

TEMPLATE_ROWS = 2000  # rows covered by the drop-downs
LISTS_SHEET = "Danh mục"
REQUIRED = {"full_name", "unit_code"}
# The flat template: identity, contacts, classification and the highest qualification,
# the current job (the summaries of gen-people are export-only).
TEMPLATE_KEYS = [
    c.key for c in F.PEOPLE_COLUMNS if c.kind != F.IGNORED and c.key not in (
        "row_key", "family_name", "middle_name", "given_name", "source", "family_middle",
        "id_number", "qualification", "title_qualification")
]  # fmt: skip

INSTRUCTIONS = [
    "HƯỚNG DẪN NHẬP DANH SÁCH NHÂN SỰ",
    "",
    "1. Nhập mỗi người trên một dòng của trang 'Nhân sự', bắt đầu từ dòng 2; "
    "giữ nguyên dòng tiêu đề.",
    "2. Cột bắt buộc (tô màu cam): Họ và tên, Đơn vị quản lý (mã hoặc tên đơn vị).",
    "3. Ngày tháng ghi dd/mm/yyyy (ví dụ 05/09/1985); "
    "chỉ biết năm sinh thì ghi vào cột 'Năm sinh'.",
    "4. Số định danh cá nhân (12 chữ số), số điện thoại: "
    "định dạng ô là Văn bản (Text) để giữ số 0 đầu.",
    "5. Các cột có danh sách chọn: chọn trong danh sách; có thể ghi mã hoặc tên đúng như danh mục.",
    "6. Nhiều giá trị trong một ô (nhóm đối tượng, lĩnh vực) cách nhau bằng dấu chấm phẩy (;).",
    "7. Ngoại ngữ ghi 'mã ngôn ngữ:trình độ', ví dụ en:B2;fr:A2.",
    "8. Không dùng công thức, không gộp ô ở dòng tiêu đề. Lưu tệp dạng .xlsx (Unicode).",
    "9. Nhập thử (chế độ kiểm tra) để xem báo cáo lỗi trước khi ghi vào hệ thống.",
]


def _list_values(column: F.Column, lookups: dict[str, list[str]]) -> list[str] | None:
    if column.kind in (F.CODE,) and column.scheme in lookups:
        return lookups[column.scheme]
    if column.kind == F.GENDER:
        return ["Nam", "Nữ", "Khác"]
    if column.kind == F.CHOICE:
        from django.utils import translation

        with translation.override("vi"):
            return [str(label) for value, label in CHOICES[column.scheme].choices if value]
    return None


def _code_lists() -> dict[str, list[str]]:
    """Current code lists as 'label (code)' items... kept short: the label, which the
    importer maps back to the code."""

    lists: dict[str, list[str]] = {}
    for scheme, label in (
        Code.objects.filter(scheme__is_current=True)
        .order_by("scheme__key", "code")
        .values_list("scheme__key", "label_vi")
    ):
        items = lists.setdefault(scheme, [])
        if label not in items:
            items.append(label)
    return lists


def build_template(out: Path | BinaryIO) -> None:
    """Write the import template (XLSX) to a path or binary file."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhân sự"
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    lists_sheet.sheet_state = "hidden"
    guide = workbook.create_sheet("Hướng dẫn")
    for row, text in enumerate(INSTRUCTIONS, 1):
        guide.cell(row=row, column=1, value=text)
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 110

    lookups = _code_lists()
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    required_fill = PatternFill("solid", fgColor="F8CBAD")
    list_column = 0
    for index, key in enumerate(TEMPLATE_KEYS, 1):
        column = F.PEOPLE_BY_KEY[key]
        cell = sheet.cell(row=1, column=index, value=column.label_vi)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.fill = required_fill if key in REQUIRED else head_fill
        cell.comment = Comment(f"{column.label_en} ({column.key})", "hientai")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(column.label_vi) + 4))
        if column.kind in (F.PERSONAL_ID, F.OLD_ID, F.PHONE):
            for row in range(2, 52):  # text format so Excel keeps leading zeros
                sheet.cell(row=row, column=index).number_format = "@"
        values = _list_values(column, lookups)
        if not values:
            continue
        list_column += 1
        list_letter = get_column_letter(list_column)
        lists_sheet.cell(row=1, column=list_column, value=column.label_vi)
        for row, value in enumerate(values, 2):
            lists_sheet.cell(row=row, column=list_column, value=value)
        reference = (
            f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$2:${list_letter}${len(values) + 1}"
        )
        validation = DataValidation(
            type="list",
            formula1=reference,
            allow_blank=True,
            showErrorMessage=False,  # a code typed by hand is fine: the importer reads it
        )
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "B2"
    workbook.save(out)
