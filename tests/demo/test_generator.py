"""The synthetic people generator and `hientai gen-people`: deterministic, streaming,
realistic, and coded only with codes that exist."""

import csv
import datetime
import itertools
from collections import Counter
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hientai.catalogs.models import Code
from hientai.demo.generator import generate_people
from hientai.orgs.models import Unit
from hientai.registry.records import CSV_COLUMNS

TODAY = datetime.date(2026, 11, 20)
# Birth-registration provinces of the 12-digit ID (vn-framework.md §5).
PROVINCE_CODES = (
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 "
    "035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 "
    "070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
)
PROVINCES = set(PROVINCE_CODES.split())

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker) -> list:
    """5,000 people, generated once for the distribution tests."""
    with django_db_blocker.unblock():
        return list(generate_people(5000, seed=2026, today=TODAY))


def _orcid_is_valid(orcid: str) -> bool:
    digits = orcid.replace("-", "")
    total = 0
    for char in digits[:15]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return len(digits) == 16 and digits[15] == ("X" if check == 10 else str(check))


def test_same_seed_same_people_and_streaming():
    first = list(generate_people(300, seed=5, today=TODAY))
    again = list(generate_people(300, seed=5, today=TODAY))
    assert first == again
    assert first[:100] == list(generate_people(100, seed=5, today=TODAY))
    other = list(generate_people(300, seed=6, today=TODAY))
    assert [p.full_name for p in other] != [p.full_name for p in first]
    # A generator, not a list: a billion people cost nothing until they are taken.
    stream = generate_people(10**9, seed=5, today=TODAY)
    assert isinstance(stream, Iterator)
    assert list(itertools.islice(stream, 3)) == first[:3]


def test_family_names_follow_vietnamese_frequencies(sample):
    families = Counter(p.family_name for p in sample)
    share = families["Nguyễn"] / len(sample)
    assert 0.34 <= share <= 0.42, share
    assert [name for name, _ in families.most_common(3)] == ["Nguyễn", "Trần", "Lê"]
    assert families["Đặng"] >= 20
    assert sum(p.full_name == "Nguyễn Văn Hùng" for p in sample) >= 5
    # Middle names are gendered.
    for person in sample:
        first_middle = person.middle_name.split(" ")[0] if person.middle_name else ""
        if first_middle == "Văn":
            assert person.gender == "male", person.full_name
        if first_middle == "Thị":
            assert person.gender == "female", person.full_name


def test_every_sizable_sample_has_the_searched_names():
    for seed in (1, 2, 3):
        people = list(generate_people(1000, seed=seed, today=TODAY))
        assert any(p.full_name == "Nguyễn Văn Hùng" for p in people)
        assert any(p.family_name == "Đặng" for p in people)


def test_personal_ids_agree_with_birth_year_gender_and_province(sample):
    ids = [p for p in sample if p.personal_id]
    assert len(ids) > 0.85 * len(sample)
    assert len({p.personal_id for p in ids}) == len(ids), "personal IDs are unique"
    for person in ids:
        pid = person.personal_id
        assert len(pid) == 12 and pid.isdigit()
        assert pid[:3] in PROVINCES
        century = person.birth_year // 100 - 19
        assert int(pid[3]) == century * 2 + (0 if person.gender == "male" else 1), pid
        assert pid[4:6] == f"{person.birth_year % 100:02d}", pid
    local = sum(p.personal_id[:3] in {"075", "070"} for p in ids) / len(ids)
    assert local > 0.5
    old = [p.old_id_number for p in sample if p.old_id_number]
    assert old and all(len(number) == 9 and number.isdigit() for number in old)
    foreigners = [p for p in sample if p.overseas_kind == "foreign_expert"]
    assert foreigners and all(not p.personal_id and p.nationality != "VN" for p in foreigners)


def test_personal_ids_do_not_collide_across_seeds():
    ids = [
        {p.personal_id for p in generate_people(2000, seed=seed, today=TODAY) if p.personal_id}
        for seed in (2026, 7)
    ]
    assert not ids[0] & ids[1]


def test_realistic_mix(sample):
    n = len(sample)
    categories = Counter(code for p in sample for code in p.categories)
    assert categories["public_staff"] > 0.4 * n
    assert categories["teacher"] > categories["scientist"]
    assert categories["youth"] > categories["expert"]
    assert categories["public_staff"] > 3 * categories["scientist"] > 0
    assert 0.005 < categories["foreign_expert"] / n < 0.03
    kinh = sum(p.ethnic_group == "01" for p in sample) / n
    assert 0.80 < kinh < 0.90
    ethnic = Counter(p.ethnic_group for p in sample)
    assert {"06", "05", "22", "31"} <= set(ethnic)  # Hoa, Khmer, Xtiêng, Chơ Ro
    year_only = sum(p.birth_date is None for p in sample) / n
    assert 0.02 < year_only < 0.09
    assert all(p.birth_date is None or p.birth_date.year == p.birth_year for p in sample)
    recent = sum((TODAY - p.last_verified_on).days < 366 for p in sample) / n
    assert 0.7 < recent < 0.9
    staff = [p for p in sample if "public_staff" in p.categories and p.status == "active"]
    trained = sum(any(t.start.year == TODAY.year for t in p.trainings) for p in staff)
    assert trained / len(staff) >= 0.3
    accepted = [pr for p in sample for pr in p.projects if pr.accepted_on]
    assert 0.65 < sum(pr.applied for pr in accepted) / len(accepted) < 0.85
    titles = Counter(t.title for p in sample for t in p.academic_titles)
    assert 0 < titles["GS"] < titles["PGS"] < 0.03 * n
    scientists = [p for p in sample if "scientist" in p.categories and p.orcid]
    assert len(scientists) > 50 and all(_orcid_is_valid(p.orcid) for p in scientists)
    assert any(pub.doi.startswith("10.") for p in scientists for pub in p.publications)
    assert all(p.status_since <= TODAY for p in sample)
    for person in sample:  # one current job at most, and jobs in order
        assert sum(job.end is None for job in person.employments) <= 1
        starts = [job.start for job in person.employments]
        assert starts == sorted(starts)


def test_every_generated_code_exists_in_the_loaded_code_lists(sample):
    current = {}
    for scheme, code in Code.objects.filter(scheme__is_current=True).values_list(
        "scheme__key", "code"
    ):
        current.setdefault(scheme, set()).add(code)
    level_two = set(
        Code.objects.filter(scheme__key="st_field", scheme__is_current=True, level=2).values_list(
            "code", flat=True
        )
    )
    units = set(Unit.objects.values_list("code", flat=True))
    today_units = set(Unit.objects.current(TODAY).values_list("code", flat=True))
    homes = set(
        Unit.objects.current(TODAY)
        .filter(parent__code="75", kind__in=["ward", "commune"])
        .values_list("code", flat=True)
    )

    def check(scheme: str, *codes: str) -> None:
        for code in codes:
            if code:
                assert code in current[scheme], f"{scheme}: {code}"

    for p in sample:
        assert p.unit_code in today_units
        assert not p.residence_unit_code or p.residence_unit_code in homes
        check("ethnic_group", p.ethnic_group)
        check("country", p.nationality, p.overseas_country)
        check("person_category", *p.categories)
        check("strategic_technology", *p.strategic_technologies)
        assert set(p.st_fields) <= level_two
        for q in p.qualifications:
            check("degree", q.degree)
            check("qualification_level", q.level)
            check("country", q.country)
            assert q.st_field in level_two
        check("academic_title", *(t.title for t in p.academic_titles))
        for lang in p.languages:
            check("language", lang.language)
            check("language_level", lang.level)
        for job in p.employments:
            check("occupation_group", job.occupation_group)
            assert not job.unit_code or job.unit_code in units
            assert job.unit_code or job.organization
        check("training_topic", *(t.topic for t in p.trainings))


def test_units_can_be_limited():
    people = list(generate_people(40, seed=9, units=["25210"], today=TODAY))
    assert {p.unit_code for p in people} == {"25210"}


def test_gen_people_writes_one_row_per_person(tmp_path, capsys):
    out = tmp_path / "people.csv"
    call_command("gen_people", "250", str(out), "--seed", "3")
    assert "250" in capsys.readouterr().out
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) == 251
    record = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert record["unit_code"] and record["full_name"] and record["status"]
    assert record["full_name"].startswith(record["family_name"])
    again = tmp_path / "again.csv"
    call_command("gen_people", "250", str(again), "--seed", "3")
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["0", "{tmp}/x.csv"], "Số người phải là số nguyên lớn hơn 0, không phải '0'."),
        (["-5", "{tmp}/x.csv"], "Số người phải là số nguyên lớn hơn 0, không phải '-5'."),
        (["mười", "{tmp}/x.csv"], "Số người phải là số nguyên lớn hơn 0, không phải 'mười'."),
        (["10", "{tmp}/x.csv", "--seed", "abc"], "phải là số nguyên, không phải 'abc'."),
        (["10", "{tmp}/no/such/folder.csv"], "thư mục không tồn tại"),
        (["10", "{tmp}"], "Không ghi được vào"),
    ],
)
def test_gen_people_rejects_bad_arguments_in_vietnamese(tmp_path, args, message):
    with pytest.raises(CommandError) as caught:
        call_command("gen_people", *(arg.format(tmp=tmp_path) for arg in args))
    assert message in str(caught.value)
