"""Value parsing: dates, genders, identifiers, lists, codes by code or label."""

import datetime

import pytest
from django.utils import translation

from hientai.exchange.parsing import Lookups
from hientai.registry.values import (
    BadValue,
    DateParser,
    parse_bool,
    parse_gender,
    parse_old_id,
    parse_personal_id,
    parse_phone,
    split_full_name,
    split_languages,
    split_list,
    variant_key,
)

D = datetime.date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05/09/1985", D(1985, 9, 5)),
        ("5/9/1985", D(1985, 9, 5)),
        ("5/9/85", D(1985, 9, 5)),
        ("1/2/05", D(2005, 2, 1)),
        ("1985-09-05", D(1985, 9, 5)),
        ("1985/09/05", D(1985, 9, 5)),
        ("05.09.1985", D(1985, 9, 5)),
        ("05-09-1985", D(1985, 9, 5)),
        ("1985-09-05 00:00:00", D(1985, 9, 5)),
        ("31138", D(1985, 4, 1)),  # an Excel serial as text
        (31138.0, D(1985, 4, 1)),  # an Excel serial from calamine
        (datetime.datetime(1985, 9, 5, 0, 0), D(1985, 9, 5)),
        (D(1985, 9, 5), D(1985, 9, 5)),
        ("1985", 1985),  # a year alone: the caller decides
        (1985.0, 1985),
    ],
)
def test_dates(raw, expected):
    assert DateParser()(raw) == expected


def test_two_digit_years_pivot_on_this_year():
    this_year = datetime.date.today().year % 100
    assert DateParser()(f"1/1/{this_year:02d}").year == 2000 + this_year
    assert DateParser()(f"1/1/{(this_year + 1) % 100:02d}").year == 1900 + (this_year + 1) % 100


@pytest.mark.parametrize("raw", ["31/02/1990", "1990-13-01", "00/01/1990", "hôm qua", "1/2/3/4"])
def test_impossible_dates_are_errors(raw):
    with translation.override("en"), pytest.raises(BadValue, match="is not a"):
        DateParser()(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Nam", "male"), ("nam", "male"), ("NAM", "male"), ("Nữ", "female"), ("NU", "female"),
     ("nữ", "female"), ("M", "male"), ("F", "female"), ("male", "male"), ("Female", "female"),
     ("Khác", "other")],
)  # fmt: skip
def test_genders(raw, expected):
    assert parse_gender(raw) == expected


@pytest.mark.parametrize("raw", ["1", "0", "X", "?"])
def test_unclear_genders_are_errors(raw):
    with pytest.raises(BadValue):
        parse_gender(raw)


def test_identifiers_from_excel_numbers():
    notes = []
    assert parse_personal_id(75190012345.0, notes.append) == "075190012345"
    assert parse_personal_id("075190012345", notes.append) == "075190012345"
    assert parse_old_id(23456789.0, notes.append) == "023456789"
    assert parse_phone(912345678.0, notes.append) == "0912345678"
    assert parse_phone("+84 912 345 678", notes.append) == "+84 912 345 678"
    assert len(notes) == 3
    with pytest.raises(BadValue):
        parse_personal_id("0751900123", notes.append)
    with pytest.raises(BadValue):
        parse_phone("abc", notes.append)


def test_names_lists_and_languages():
    assert split_full_name("Nguyễn Thị Hồng Nhung") == ("Nguyễn", "Thị Hồng", "Nhung")
    assert split_full_name("  Lê   Hoa ") == ("Lê", "", "Hoa")
    assert split_full_name("Hoa") == ("", "", "Hoa")
    assert split_list("a; b;;c") == ["a", "b", "c"]
    assert split_list("a, b") == ["a", "b"]
    assert split_languages("en:B2;fr:A2") == [("en", "B2"), ("fr", "A2")]
    assert split_languages("Tiếng Anh B2") == [("Tiếng Anh", "B2")]
    assert parse_bool("Có") is True and parse_bool("không") is False


def test_spelling_variants_fold_together():
    assert variant_key("Thạc sỹ") == variant_key("Thạc sĩ") == "thac si"
    assert variant_key("Kỹ sư") == variant_key("Kĩ sư")


@pytest.mark.django_db
def test_codes_by_code_label_variant_and_fuzzy():
    lookups = Lookups()
    notes: list[str] = []
    assert lookups.code("degree", "thac_si", notes.append) == "thac_si"
    assert lookups.code("degree", "Thạc sĩ", notes.append) == "thac_si"
    assert lookups.code("degree", "THAC SI", notes.append) == "thac_si"
    assert notes == []
    with translation.override("en"):
        assert lookups.code("degree", "Thạc sỹ", notes.append) == "thac_si"
        assert lookups.code("degree", "Thac si.", notes.append) == "thac_si"
        assert notes == ["Understood 'Thạc sỹ' as 'Thạc sĩ' (thac_si)"]
        assert lookups.code("degree", "Tiến sỹ khoa học", notes.append)
        assert lookups.code("ethnic_group", "5", notes.append) == "05"  # Excel dropped the zero
        assert lookups.code("ethnic_group", 1.0, notes.append) == "01"
        assert lookups.code("country", "vn", notes.append) == "VN"
        with pytest.raises(BadValue, match="Unknown value 'Phi hành gia' for Văn bằng"):
            lookups.code("degree", "Phi hành gia", notes.append)


@pytest.mark.django_db
def test_choices_by_value_or_label():
    lookups = Lookups()
    assert lookups.choice("Sector", "public") == "public"
    from hientai.registry.models import Status

    with translation.override("vi"):
        label = str(Status.RETIRED.label)
    assert lookups.choice("Status", label.upper()) == "retired"
    assert lookups.choice("Status", "Retired") == "retired"
    with pytest.raises(BadValue):
        lookups.choice("Status", "bay lượn")
    assert lookups.choice("Sector", "Public") == "public"
