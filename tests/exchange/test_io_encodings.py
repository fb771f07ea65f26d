"""Encodings: legacy tables both ways, detection, CSV files in every encoding officers have,
mixed encodings refused."""

import codecs
import unicodedata

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from hientai.exchange import encodings as enc
from hientai.exchange.errors import ImportFileError
from hientai.exchange.parsing import read_people

NAMES = [
    "Nguyễn Thị Hồng Nhung",
    "Đồng Nai",
    "Phường Trấn Biên",
    "Ưng Hoàng Phúc",
    "Kiều bào",
    "Trần Quốc Tuấn",
    "Lê Thị Mỹ Duyên",
    "Huỳnh Văn Lộc",
]
LOWER = [c for c in enc.vietnamese_letters() if c.islower()]
UPPER = [c for c in enc.vietnamese_letters() if c.isupper()]
TCVN3_CAPITALS = ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"]


def test_the_alphabet_is_complete():
    # 12 vowels x 6 tones minus the 5 plain ASCII vowels (a e i o u y: 6) + đ = 67 per case
    assert len(LOWER) == 67 and len(UPPER) == 67
    assert {"ễ", "ự", "ỵ", "đ", "ặ", "ở"} <= set(LOWER)


@pytest.mark.parametrize("encoding", ["vni", "cp1258", "tcvn3"])
def test_every_lower_case_letter_round_trips(encoding):
    text = "".join(LOWER)
    assert enc.decode_legacy(enc.encode_legacy(text, encoding), encoding) == text


@pytest.mark.parametrize("encoding", ["vni", "cp1258"])
def test_every_capital_round_trips(encoding):
    text = "".join(UPPER)
    assert enc.decode_legacy(enc.encode_legacy(text, encoding), encoding) == text


def test_tcvn3_capitals_that_exist_round_trip_and_toned_capitals_fall_to_lower_case():
    text = "".join(TCVN3_CAPITALS)
    assert enc.decode_legacy(enc.encode_legacy(text, "tcvn3"), "tcvn3") == text
    # .VnTime has no byte for a toned capital: the lower-case byte is written (documented)
    assert enc.encode_legacy("Ấ", "tcvn3") == enc.encode_legacy("ấ", "tcvn3") == b"\xca"
    assert enc.decode_legacy(enc.encode_legacy("Ấp 8", "tcvn3"), "tcvn3") == "ấp 8"
    assert "Ấ" in enc.TCVN3_CAPITALS_WITHOUT_BYTE and "Đ" not in enc.TCVN3_CAPITALS_WITHOUT_BYTE


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
@pytest.mark.parametrize("name", NAMES)
def test_names_round_trip(encoding, name):
    assert enc.decode_legacy(enc.encode_legacy(name, encoding), encoding) == name


def test_known_legacy_spellings():
    # What these files look like when opened with the wrong font: the classic mojibake.
    assert enc.encode_legacy("Nguyễn", "tcvn3").decode("cp1252") == "NguyÔn"
    assert enc.encode_legacy("Hà Nội", "tcvn3").decode("cp1252") == "Hµ Néi"
    assert enc.encode_legacy("Việt Nam", "vni").decode("cp1252") == "Vieät Nam"
    assert enc.encode_legacy("Thị", "vni").decode("cp1252") == "Thò"
    assert enc.decode_legacy("§ång Nai", "tcvn3") == "Đồng Nai"  # text read as cp1252
    assert enc.decode_legacy("Phöôøng Traán Bieân", "vni") == "Phường Trấn Biên"
    assert enc.decode_legacy("AÁp", "vni") == enc.decode_legacy("Aáp", "vni") == "Ấp"


def test_cp1258_writes_combining_tones_and_decoding_gives_nfc():
    raw = enc.encode_legacy("Nguyễn", "cp1258")
    assert raw.decode("cp1258") != "Nguyễn"  # base + combining mark
    decoded = enc.decode_legacy(raw, "cp1258")
    assert decoded == "Nguyễn" and unicodedata.is_normalized("NFC", decoded)


LONG = " ".join(NAMES * 4) + " ở Việt Nam, kiều bào về quê hương đóng góp cho thành phố"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258"])
def test_detection_of_legacy_encodings(encoding):
    assert enc.detect_encoding(enc.encode_legacy(LONG, encoding)) == encoding


def test_detection_of_unicode_encodings():
    assert enc.detect_encoding(LONG.encode("utf-8")) == "utf-8"
    assert enc.detect_encoding(codecs.BOM_UTF8 + LONG.encode("utf-8")) == "utf-8-sig"
    assert enc.detect_encoding(LONG.encode("utf-16")) == "utf-16"
    assert enc.detect_encoding(("a,b\n" + LONG).encode("utf-16-le")) == "utf-16-le"
    assert enc.detect_encoding(("a,b\n" + LONG).encode("utf-16-be")) == "utf-16-be"


def test_unknown_encoding_name_is_refused():
    with translation.override("en"), pytest.raises(ImportFileError, match="Unknown encoding"):
        enc.normalize_name("koi8-r")


# --------------------------------------------------------------------------- hypothesis

VIET_TEXT = st.text(
    alphabet=st.sampled_from(
        LOWER + UPPER + list("abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY ,.-0123456789")
    ),
    max_size=80,
)
TCVN3_TEXT = st.text(
    alphabet=st.sampled_from(LOWER + TCVN3_CAPITALS + list("abcdeghiklmnopqrstuvxyNTHBK ,.-0189")),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(VIET_TEXT)
def test_property_vni_and_cp1258_round_trip(text):
    for encoding in ("vni", "cp1258"):
        assert enc.decode_legacy(enc.encode_legacy(text, encoding), encoding) == text


@settings(max_examples=300, deadline=None)
@given(TCVN3_TEXT)
def test_property_tcvn3_round_trips(text):
    assert enc.decode_legacy(enc.encode_legacy(text, "tcvn3"), "tcvn3") == text


SYLLABLES = st.sampled_from(
    [
        "Nguyễn",
        "Thị",
        "Hồng",
        "Nhung",
        "Đồng",
        "Nai",
        "Phường",
        "Trấn",
        "Biên",
        "Ưng",
        "Hoàng",
        "Phúc",
        "Kiều",
        "bào",
        "việc",
        "làm",
        "nghiên",
        "cứu",
        "khoa",
        "học",
        "công",
        "nghệ",
        "chuyển",
        "đổi",
        "số",
        "đổi",
        "mới",
        "sáng",
        "tạo",
        "giáo",
        "dục",
        "thạc",
        "sĩ",
        "tiến",
        "sĩ",
        "bệnh",
        "viện",
        "trường",
        "đại",
        "học",
        "kỹ",
        "sư",
        "người",
        "dân",
        "tộc",
        "thiểu",
        "số",
        "Xtiêng",
        "Chơ",
        "Ro",
        "Mường",
        "Tày",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(SYLLABLES, min_size=25, max_size=60), st.sampled_from(["tcvn3", "vni", "cp1258"]))
def test_property_detection_picks_the_encoding_of_long_vietnamese_text(words, encoding):
    text = " ".join(words)
    assert enc.detect_encoding(enc.encode_legacy(text, encoding)) == encoding
    assert enc.detect_encoding(text.encode("utf-8")) == "utf-8"


# --------------------------------------------------------------------------- files

HEADER = "Họ và tên,Ngày sinh,Giới tính,Đơn vị quản lý,Địa chỉ\n"
ROWS = [
    "Nguyễn Thị Hồng Nhung,05/09/1985,Nữ,25210,Phường Trấn Biên\n",
    "Ưng Hoàng Phúc,1990-01-02,Nam,25210,Đồng Nai\n",
    "Trần Kiều Bào,12/12/1979,Nam,26041,Kiều bào ở Đức\n",
]
EXPECTED = [
    ("Nguyễn", "Thị Hồng", "Nhung", "Phường Trấn Biên"),
    ("Ưng", "Hoàng", "Phúc", "Đồng Nai"),
    ("Trần", "Kiều", "Bào", "Kiều bào ở Đức"),
]


def _names(path, **options):
    with read_people(path, **options) as people:
        rows = list(people.rows())
        encoding = people.encoding
    got = [(r.record.family_name, r.record.middle_name, r.record.given_name, r.record.address)
           for r in rows]  # fmt: skip
    return got, encoding


def _write(path, text, encoding):
    if encoding in ("tcvn3", "vni", "cp1258"):
        path.write_bytes(enc.encode_legacy(text, encoding))
    else:
        path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("cp1258", "cp1258"),
        ("tcvn3", "tcvn3"),
        ("vni", "vni"),
    ],
)
def test_csv_in_every_encoding_reads_the_exact_text(tmp_path, encoding, detected):
    header = HEADER if encoding != "tcvn3" else HEADER.replace("Đơn vị", "Đơn vị")
    path = _write(tmp_path / "list.csv", header + "".join(ROWS), encoding)
    got, found = _names(path)
    assert found == detected
    assert got == EXPECTED


@pytest.mark.django_db
def test_forced_encoding_overrides_detection(tmp_path):
    path = _write(tmp_path / "list.csv", HEADER + "".join(ROWS), "vni")
    got, found = _names(path, encoding="VNI-Windows")
    assert found == "vni" and got == EXPECTED


@pytest.mark.django_db
def test_a_csv_with_utf8_and_tcvn3_lines_is_refused_naming_the_line(tmp_path):
    data = (HEADER + ROWS[0] + ROWS[1]).encode("utf-8") + enc.encode_legacy(ROWS[2], "tcvn3")
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    with translation.override("en"), pytest.raises(ImportFileError) as error:
        read_people(path)
    assert str(error.value) == (
        "The file mixes text encodings: line 4 is in TCVN3 (ABC) while the rest of the file "
        "is in UTF-8. Save the whole file in one encoding (UTF-8) and retry."
    )


@pytest.mark.django_db
def test_a_cp1258_csv_with_one_utf8_line_is_refused(tmp_path):
    data = (
        enc.encode_legacy(HEADER + ROWS[0] + ROWS[1], "cp1258")
        + ROWS[2].encode("utf-8")
        + enc.encode_legacy(ROWS[0], "cp1258")
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    with translation.override("en"), pytest.raises(ImportFileError, match="line 4 is in UTF-8"):
        read_people(path)


@pytest.mark.django_db
def test_a_tcvn3_file_with_a_vni_line_is_refused(tmp_path):
    line = "Nguyễn Thị Hồng Nhung,05/09/1985,Nữ,25210,Phường Trấn Biên Đồng Nai Việt Nam\n"
    data = enc.encode_legacy(HEADER + line + line, "tcvn3") + enc.encode_legacy(line, "vni")
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    with translation.override("en"), pytest.raises(ImportFileError, match="line 4 is in VNI"):
        read_people(path)
