"""Acceptance: lists in TCVN3, VNI and Windows-1258, made here from known Unicode text,
import into the registry with the exact Vietnamese text (Unicode NFC)."""

import unicodedata

import pytest

from hientai.exchange.encodings import encode_legacy
from hientai.registry.models import Person
from tests.exchange.import_support import do_import

pytestmark = pytest.mark.django_db

HEADER = "Họ và tên,Ngày sinh,Giới tính,Mã đơn vị,Địa chỉ,Từ khóa chuyên môn\n"
# TCVN3 has no toned capitals, so the names use capitals it holds (plain, Đ, Ư, Ơ, Ô, Â, Ă, Ê)
# and every tone on lower-case letters.
PEOPLE = [
    ("Nguyễn Thị Hồng Nhung", "05/09/1985", "Nữ", "Khu phố 3, phường Đồng Xoài", "ổn định, ủy ban"),
    ("Đặng Quốc Bảo", "1979-12-12", "Nam", "Thôn Thuận Phú, xã Thuận Lợi", "trí tuệ nhân tạo"),
    ("Ưng Hoàng Phúc", "2/1/90", "Nam", "Đường Phú Riềng Đỏ", "bán dẫn; vật liệu mới"),
    ("Lê Thị Ơn", "31/12/1968", "nữ", "Kiều bào ở Đức, Berlin", "ngữ âm học, ẩm thực"),
]


def _text() -> str:
    rows = [",".join(f'"{value}"' for value in (*person[:3], "25210", *person[3:]))
            for person in PEOPLE]  # fmt: skip
    return HEADER + "\n".join(rows) + "\n"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
def test_legacy_encoded_lists_import_with_the_exact_text(tmp_path, officer_a, encoding):
    path = tmp_path / f"danh-sach-{encoding}.csv"
    path.write_bytes(encode_legacy(_text(), encoding))
    assert path.read_bytes() != _text().encode("utf-8")  # really not Unicode on disk

    result = do_import(path, officer_a)
    assert result.committed and result.created == len(PEOPLE), result.findings[:3]
    assert result.encoding == encoding  # detected, not told
    stored = {
        p.full_name: (p.address, p.keywords, p.gender, p.birth_date.isoformat())
        for p in Person.objects.all()
    }
    assert stored["Nguyễn Thị Hồng Nhung"] == (
        "Khu phố 3, phường Đồng Xoài",
        "ổn định, ủy ban",
        "female",
        "1985-09-05",
    )
    assert stored["Ưng Hoàng Phúc"][3] == "1990-01-02"
    for name, _born, _gender, address, keywords in PEOPLE:
        assert stored[name][:2] == (address, keywords)
        assert unicodedata.is_normalized("NFC", name + address + keywords)
        assert unicodedata.is_normalized("NFC", stored[name][0])
