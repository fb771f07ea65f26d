"""The first mapping table from the registry's fields to the researcher data elements of
the national S&T database (Circular 05/2021/TT-BKHCN; sharing under Circular 22/2025).

The annex listing the elements was not retrieved (shared/reference/vn-framework.md §1.1):
the element codes are our working codes, every row `verified=False` until the coordinator
reconciles it with the annex on the mapping page. Loaded by a data migration; changes after
that are made on the page (audited), not here."""

from __future__ import annotations

from typing import Any

TT05 = "TT 05/2021/TT-BKHCN (phụ lục chưa đối chiếu)"

# (source path in the interop person object, element code, Vietnamese name, required)
_ROWS: list[tuple[str, str, str, bool]] = [
    ("name.full", "CBNC.HO_TEN", "Họ và tên", True),
    ("name.other", "CBNC.TEN_KHAC", "Tên gọi khác", False),
    ("birth.date", "CBNC.NGAY_SINH", "Ngày, tháng, năm sinh", True),
    ("birth.year", "CBNC.NAM_SINH", "Năm sinh", True),
    ("gender", "CBNC.GIOI_TINH", "Giới tính", True),
    ("ethnic_group", "CBNC.DAN_TOC", "Dân tộc (kèm mã hệ thống mã)", False),
    ("nationality", "CBNC.QUOC_TICH", "Quốc tịch", True),
    ("identifiers.personal_id", "CBNC.SO_DINH_DANH", "Số định danh cá nhân", False),
    ("identifiers.orcid", "CBNC.ORCID", "Mã định danh nhà khoa học (ORCID)", False),
    ("identifiers.scopus_id", "CBNC.SCOPUS_ID", "Mã tác giả Scopus", False),
    ("contact.email", "CBNC.THU_DIEN_TU", "Thư điện tử", False),
    ("contact.phone", "CBNC.DIEN_THOAI", "Điện thoại", False),
    ("managing_unit", "CBNC.CO_QUAN_QUAN_LY", "Cơ quan, đơn vị quản lý", True),
    ("overseas.kind", "CBNC.O_NUOC_NGOAI", "Tình trạng ở nước ngoài", False),
    ("overseas.country", "CBNC.QUOC_GIA_CU_TRU", "Quốc gia cư trú", False),
    ("st_fields", "CBNC.LINH_VUC_KHCN", "Lĩnh vực nghiên cứu KH&CN (TT 24/2025)", True),
    ("keywords", "CBNC.HUONG_NGHIEN_CUU", "Hướng nghiên cứu, từ khóa chuyên môn", False),
    ("qualifications", "CBNC.TRINH_DO_DAO_TAO", "Trình độ đào tạo, học vị", True),
    ("academic_titles", "CBNC.CHUC_DANH_KHOA_HOC", "Chức danh khoa học (GS, PGS)", False),
    ("languages", "CBNC.NGOAI_NGU", "Trình độ ngoại ngữ", False),
    ("employments", "CBNC.QUA_TRINH_CONG_TAC", "Cơ quan công tác, chức vụ", True),
    ("publications", "CBNC.CONG_TRINH_CONG_BO", "Công trình công bố", False),
    ("patents", "CBNC.SANG_CHE", "Sáng chế, giải pháp hữu ích", False),
    ("projects", "CBNC.NHIEM_VU_KHCN", "Nhiệm vụ KH&CN đã chủ trì, tham gia", False),
    ("awards", "CBNC.GIAI_THUONG", "Giải thưởng, khen thưởng", False),
]

MAPPINGS: list[dict[str, Any]] = [
    {
        "source": source,
        "element": element,
        "label_vi": label,
        "required": required,
        "reference": TT05,
        "verified": False,
        "active": True,
        "order": (index + 1) * 10,
    }
    for index, (source, element, label, required) in enumerate(_ROWS)
]


def load_mappings(model: Any) -> None:
    """Create the rows missing from `model`'s manager (rows edited since are kept)."""
    for row in MAPPINGS:
        model.get_or_create(source=row["source"], defaults=row)
