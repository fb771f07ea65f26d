"""Vietnamese normalisation: names in either order, accents, equivalent family names,
dates in every form, what a personal ID encodes, phones and e-mails."""

import pytest

from hientai.dedup.normalise import (
    blocking_keys,
    decode_personal_id,
    normalise,
    normalise_id,
    normalise_phone,
    parse_birth,
    split_full_name,
)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("nguyen van hung", ("nguyen", "van", "hung")),
        ("hung nguyen van", ("nguyen", "van", "hung")),
        ("hung van nguyen", ("nguyen", "van", "hung")),
        ("mai nguyen thi", ("nguyen", "thi", "mai")),
        ("huynh thi mai", ("huynh", "thi", "mai")),
        ("lam nguyen van minh", ("nguyen", "van minh", "lam")),
        ("le thi thu ha", ("le", "thi thu", "ha")),
    ],
)
def test_name_orders(text, parts):
    assert split_full_name(text) == parts


def test_accents_case_and_equivalent_family_names():
    one = normalise({"full_name": "HUỲNH  Văn Đức"})
    two = normalise({"family_name": "Hoang", "middle_name": "van", "given_name": "Duc"})
    assert (one.family, one.middle, one.given) == ("hoang", "van", "duc")
    assert one.full_name == two.full_name
    assert (
        normalise({"full_name": "Võ Thị Lan"}).family
        == normalise({"full_name": "Vũ Thị Lan"}).family
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("07/03/1985", ("1985-03-07", 1985)),
        ("1985-03-07", ("1985-03-07", 1985)),
        ("7-3-85", ("1985-03-07", 1985)),
        ("07.03.1985", ("1985-03-07", 1985)),
        ("19850307", ("1985-03-07", 1985)),
        ("1985", ("", 1985)),
        ("03/1985", ("", 1985)),
        ("", ("", None)),
        ("31/02/1985", ("", 1985)),
    ],
)
def test_birth_dates(value, expected):
    assert parse_birth(value) == expected


def test_personal_id_decoded_and_cross_checked():
    decoded = decode_personal_id("079185001234")
    assert (decoded.province, decoded.gender, decoded.birth_year, decoded.valid) == (
        "079", "female", 1985, True,
    )  # fmt: skip
    assert decode_personal_id("001203009999").birth_year == 2003
    # The ID fills the year and gender a record lacks; a contradicting ID is flagged.
    filled = normalise({"full_name": "Lê Thị Lan", "personal_id": "079185001234"})
    assert (filled.birth_year, filled.gender, filled.id_consistent) == (1985, "female", True)
    wrong = normalise({"full_name": "Lê Văn An", "gender": "Nam", "personal_id": "079185001234"})
    assert wrong.id_consistent is False
    assert wrong.birth_year is None


def test_old_ids_and_lost_leading_zeros():
    assert normalise_id("79185001234") == ("079185001234", "")
    assert normalise_id("23456789") == ("", "023456789")
    assert normalise_id("123456789") == ("", "123456789")
    assert normalise({"full_name": "A B", "personal_id": "123456789"}).old_id == "123456789"


@pytest.mark.parametrize(
    "value", ["0912345678", "+84 912 345 678", "84912345678", "(+84) 912.345.678", "912345678"]
)
def test_phones(value):
    assert normalise_phone(value) == "0912345678"


def test_email_and_keys():
    record = normalise(
        {"full_name": "Nguyen Van Hung", "birth_date": "1/2/1990", "email": " Hung@Mail.VN "}
    )
    assert record.email == "hung@mail.vn"
    keys = blocking_keys(record)
    assert "e:hung@mail.vn" in keys
    assert "n:nguyen|hung|1990" in keys
    assert "d:hung|1990-02-01" in keys
