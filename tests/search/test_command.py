"""`hientai search-people`: JSON shape, scope (--as), filters and Vietnamese errors."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext

from hientai.__main__ import main
from tests.conftest import UNIT_A, UNIT_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_units(make_person):
    make_person(
        UNIT_A, "Nguyễn", "Văn", "Hùng", gender="male", birth_year=1985,
        categories=("expert",), degrees=("tien_si",),
    )  # fmt: skip
    make_person(UNIT_B, "Đặng", "Thị", "Hương", gender="female", categories=("expert",))


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("search_people", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def vietnamese(msgid: str, **values) -> str:
    with translation.override("vi"):
        return gettext(msgid) % values


def test_json_shape(two_units):
    payload = run("nguyen van hung")
    assert set(payload) == {"total", "hits", "facets"}
    assert payload["total"] == 1
    hit = payload["hits"][0]
    assert {"id", "full_name", "unit", "score"} <= set(hit)
    assert hit["full_name"] == "Nguyễn Văn Hùng"
    assert hit["unit"] == UNIT_A
    assert isinstance(hit["score"], float) and hit["score"] > 0
    assert hit["highest_degree"] == "Tiến sĩ"
    assert payload["facets"]["degree"] == {"tien_si": 1}
    assert set(payload["facets"]) == {
        "unit",
        "category",
        "degree",
        "field",
        "strategic_technology",
        "overseas",
        "gender",
        "age_band",
    }


def test_without_as_the_whole_city_is_searched(two_units):
    payload = run("")
    assert payload["total"] == 2
    assert payload["facets"]["unit"] == {UNIT_A: 1, UNIT_B: 1}


def test_as_a_user_applies_their_scope(two_units, officer_a, anonymous):
    payload = run("", "--as", officer_a.username)
    assert [hit["unit"] for hit in payload["hits"]] == [UNIT_A]
    assert run("huong", "--as", officer_a.username)["total"] == 0


def test_facets_unit_and_limit(two_units):
    assert run("", "--facet", "gender=female")["total"] == 1
    assert run("", "--facet", "gender=female", "--facet", "gender=male")["total"] == 2
    assert run("", "--facet", "category=expert", "--facet", "gender=male")["total"] == 1
    assert run("", "--unit", UNIT_B)["hits"][0]["full_name"] == "Đặng Thị Hương"
    payload = run("", "--limit", "1")
    assert payload["total"] == 2 and len(payload["hits"]) == 1


def test_text_output(two_units):
    out = io.StringIO()
    call_command("search_people", "dang", stdout=out)
    text = out.getvalue()
    assert vietnamese("Found: %(total)d", total=1) in text
    assert "Đặng Thị Hương" in text


@pytest.mark.parametrize(
    ("args", "msgid", "values"),
    [
        (["x", "--facet", "colour=red"], "Unknown facet '%(name)s'; use one of: %(names)s.",
         {"name": "colour", "names": "unit, category, degree, field, strategic_technology, "
          "overseas, gender, age_band"}),
        (["x", "--facet", "gender"], "Malformed facet filter '%(value)s': expected NAME=VALUE.",
         {"value": "gender"}),
        (["x", "--facet", "=male"], "Malformed facet filter '%(value)s': expected NAME=VALUE.",
         {"value": "=male"}),
        (["x", "--unit", "no-such-unit"], "Unknown unit '%(code)s'.", {"code": "no-such-unit"}),
        (["x", "--as", "nobody"], "Unknown user '%(name)s'", {"name": "nobody"}),
        (["x", "--limit", "0"], "--limit must be between 1 and %(max)d.", {"max": 200}),
        (["x", "--on", "15/06/2026"], "Invalid date '%(value)s': expected YYYY-MM-DD.",
         {"value": "15/06/2026"}),
    ],
)  # fmt: skip
def test_bad_input_is_a_vietnamese_command_error(args, msgid, values):
    with pytest.raises(CommandError) as error:
        call_command("search_people", *args)
    assert str(error.value) == vietnamese(msgid, **values)


def test_out_of_scope_unit_reads_as_unknown(two_units, officer_a):
    with pytest.raises(CommandError) as error:
        call_command("search_people", "", "--unit", UNIT_B, "--as", officer_a.username)
    assert str(error.value) == vietnamese("Unknown unit '%(code)s'.", code=UNIT_B)


def test_unknown_user_message_is_vietnamese():
    with pytest.raises(CommandError) as error:
        call_command("search_people", "x", "--as", "nobody")
    assert str(error.value) == "Không có người dùng 'nobody'"


def test_console_exit_code_is_non_zero(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["hientai", "search-people", "x", "--facet", "colour=red"])
    assert exit_.value.code != 0
    assert "colour" in capsys.readouterr().err
