"""Files as officers write them (issue 17, item 1): other headers, unit names with prefixes
and former names, old 9-digit IDs, qualification words, title rows, merged header cells,
blank rows, mixed dates, XLSX / CSV / TCVN3 CSV — and "commit the valid rows", the file of
rejected rows, its re-import, and an idempotent re-import of the whole file."""

import datetime

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from hientai.demo.messy import write_messy_list
from hientai.exchange.importer import import_people
from hientai.exchange.models import SourceRecordId
from hientai.exchange.parsing import read_people
from hientai.exchange.rejected import write_rejected
from hientai.jobs.models import Job, JobStatus
from hientai.registry.models import Person
from tests.exchange.import_support import UNIT_A, registry_counts

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _write(path, rows, encoding="utf-8"):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    if encoding == "tcvn3":
        from hientai.exchange.encodings import encode_legacy

        path.write_bytes(encode_legacy(buffer.getvalue(), "tcvn3"))
    else:
        path.write_text(buffer.getvalue(), encoding=encoding)
    return path


def test_a_list_of_3000_as_officers_write_it_is_accepted_fixed_and_reimported(tmp_path):
    made = write_messy_list(3000, tmp_path / "danh-sach.xlsx", seed=11, today=TODAY)
    assert made.rows == 3000 and made.bad_rows  # some rows are wrong on purpose

    result = import_people(made.path, user=None, valid_only=True)
    assert result.committed
    accepted = result.created + result.updated + result.unchanged
    assert accepted >= 0.95 * made.rows, (accepted, result.rejected)
    # Exactly the rows made wrong are left out.
    assert sorted(row for _sheet, row in result.rejected_rows) == made.bad_rows
    assert Person.objects.count() == result.created
    # "Mã hồ sơ / Mã cán bộ" is kept as the source record id.
    assert SourceRecordId.objects.count() == result.created

    # The rejected rows come back in the same layout with a "Lỗi" column...
    rejected = tmp_path / "loi.xlsx"
    assert write_rejected(result, made.path, rejected) == len(made.bad_rows)
    book = load_workbook(rejected)
    rows = list(book.active.iter_rows(values_only=True))
    header = rows[result.header_row - 1]
    assert header[-1] == "Lỗi"
    assert all(row[-1] for row in rows[result.header_row :])  # each says why
    # ...the officer corrects them and imports that file: all go in.
    for row in book.active.iter_rows(min_row=result.header_row + 1):
        for cell in row:
            if cell.value == "31/02/1985":
                cell.value = "28/02/1985"
            elif cell.value in ("12345", "1234567"):
                cell.value = None
    book.save(rejected)
    fixed = import_people(rejected, user=None)
    assert fixed.committed and fixed.created == len(made.bad_rows) and fixed.rejected == 0

    # Importing the whole original file again changes nothing.
    before = registry_counts()
    again = import_people(made.path, user=None, valid_only=True)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == accepted
    assert registry_counts() == before


@pytest.mark.parametrize("fmt", ["csv", "tcvn3"])
def test_csv_and_tcvn3_lists_read_exactly_as_the_workbook(tmp_path, fmt):
    """The same list as CSV in UTF-8 and in TCVN3 gives the same people, to the letter."""
    utf8 = write_messy_list(400, tmp_path / "a.csv", seed=5, fmt="csv", today=TODAY)
    other = write_messy_list(400, tmp_path / f"b.{fmt}.csv", seed=5, fmt=fmt, today=TODAY)

    from hientai.exchange.encodings import TCVN3_CAPITALS_WITHOUT_BYTE

    lower = str.maketrans({c: c.lower() for c in TCVN3_CAPITALS_WITHOUT_BYTE})

    def records(path):
        with read_people(path) as people:
            found = [(p.row, p.record, p.has_errors) for p in people.rows()]
        for _row, record, _bad in found:
            # TCVN3 has no byte for "Ủ", "Ấ"...: names get their capitals back, a job
            # title keeps the lower-case letter the file holds ("Chủ tịch ủy ban").
            for job in record.employments if record else []:
                job.position = job.position.translate(lower)
        return found

    first, second = records(utf8.path), records(other.path)
    assert len(first) == 400
    assert first == second
    assert sum(1 for _row, _record, bad in first if bad) == len(utf8.bad_rows)


def test_prefixes_abbreviations_former_names_old_ids_and_qualification_words(tmp_path):
    path = _write(
        tmp_path / "ds.csv",
        [
            ["DANH SÁCH CÁN BỘ NĂM 2026"],
            [],
            ["STT", "Mã hồ sơ", "Họ, tên đệm", "Tên", "Ngày sinh", "Giới tính", "Số CMND/CCCD",
             "Đơn vị công tác", "Trình độ", "Học hàm/Học vị", "SĐT"],
            ["1", "HS-1", "Nguyễn Văn ", "An ", "05/03/1980", "Nam", "075080000123",
             "UBND phường Trấn Biên", "Tiến sĩ", "PGS.TS", "0912345678"],
            ["2", "HS-2", "Trần Thị", "Bình", "1975", "Nữ", "271234567",
             "P. Đồng Xoài", "ThS", "", ""],
            ["3", "HS-3", "Lê Văn", "Cường", "1/2/1990", "Nam", "",
             "Sở KH&CN", "Đại học", "", ""],
            ["", "", "", "", "", "", "", "", "", "", ""],
            ["4", "HS-4", "Phạm Thị", "Dung", "1988-07-09", "Nữ", "",
             "Ủy ban nhân dân xã Bù Gia Mập", "Kỹ sư", "", ""],
        ],
    )  # fmt: skip
    result = import_people(path, user=None)
    assert result.committed and result.created == 4, [f.message for f in result.findings]
    messages = [f.message for f in result.findings]
    # The check says how each unit was read.
    assert any("UBND phường Trấn Biên" in m and "26041" in m for m in messages)
    assert any("P. Đồng Xoài" in m and "25210" in m for m in messages)
    assert any("Sở KH&CN" in m and "75.SKHCN" in m for m in messages)
    # A 9-digit number in the ID column: the old ID card, with a warning.
    assert any("271234567" in m and "CMND" in m for m in messages)
    binh = Person.objects.get(given_name="Bình")
    assert (binh.personal_id, binh.old_id_number, binh.birth_year) == ("", "271234567", 1975)
    assert binh.birth_date is None
    an = Person.objects.get(given_name="An")
    assert (an.family_name, an.middle_name, an.unit.code) == ("Nguyễn", "Văn", "26041")
    assert an.qualifications.get().degree.code == "tien_si"
    assert an.qualifications.get().level.code == "VQF8"
    assert an.academic_titles.get().title.code == "PGS"
    assert Person.objects.get(given_name="Cường").unit.code == "75.SKHCN"
    assert Person.objects.get(given_name="Dung").qualifications.get().degree.code == "ky_su"
    assert set(SourceRecordId.objects.values_list("record_id", flat=True)) == {
        "HS-1", "HS-2", "HS-3", "HS-4"}  # fmt: skip
    again = import_people(path, user=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_a_former_unit_name_resolves_to_todays_successor_with_the_reason(tmp_path):
    from hientai.orgs.models import Succession

    link = (
        Succession.objects.filter(old_unit__kind="ward", old_unit__valid_to__isnull=False)
        .select_related("old_unit", "new_unit")
        .first()
    )
    names = Succession.objects.filter(old_unit__name_vi=link.old_unit.name_vi)
    assert names.values("new_unit").distinct().count() == 1
    path = _write(
        tmp_path / "ds.csv",
        [["Họ và tên", "Đơn vị"], ["Ngô Văn Em", link.old_unit.name_vi]],
    )
    result = import_people(path, user=None, dry_run=True)
    assert result.created == 1 and result.rejected == 0
    assert any(
        link.new_unit.code in f.message and link.old_unit.code in f.message for f in result.findings
    )


def test_all_or_nothing_still_refuses_a_file_with_a_bad_row(tmp_path):
    path = _write(
        tmp_path / "ds.csv",
        [["Họ và tên", "Đơn vị", "Ngày sinh"], ["Ngô Văn Em", UNIT_A, "31/02/1980"],
         ["Ngô Văn Giang", UNIT_A, "01/02/1980"]],
    )  # fmt: skip
    before = registry_counts()
    result = import_people(path, user=None)
    assert not result.committed and result.rejected == 1
    assert registry_counts() == before


def test_the_command_line_commits_the_valid_rows_and_writes_the_rejected_ones(tmp_path, capsys):
    path = _write(
        tmp_path / "ds.csv",
        [["Họ và tên", "Đơn vị", "Ngày sinh"], ["Ngô Văn Em", UNIT_A, "31/02/1980"],
         ["Ngô Văn Giang", UNIT_A, "01/02/1980"]],
    )  # fmt: skip
    call_command("import_people", str(path), "--valid-rows")
    out = capsys.readouterr().out
    assert "ds-loi.csv" in out
    assert list(Person.objects.values_list("given_name", flat=True)) == ["Giang"]
    text = (tmp_path / "ds-loi.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Họ và tên,Đơn vị,Ngày sinh,Lỗi"
    assert lines[1].startswith("Ngô Văn Em,25210,31/02/1980,") and len(lines) == 2


def test_gen_people_seeds_make_different_people_and_not_the_demo(tmp_path):
    import csv

    from hientai.demo.generator import generate_people

    def people(seed):
        out = tmp_path / f"p{seed}.csv"
        call_command("gen_people", "300", str(out), "--seed", str(seed))
        with out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        ids = {r["personal_id"] for r in rows if r["personal_id"]}
        people = {(r["full_name"], r["birth_date"]) for r in rows}
        return ids, people

    ids_one, one = people(1)
    ids_two, two = people(2)
    assert not ids_one & ids_two and len(one & two) < 5
    demo = list(generate_people(300))  # the demo's seed
    assert not ids_one & {r.personal_id for r in demo if r.personal_id}
    demo_people = {(r.full_name, r.birth_date.isoformat() if r.birth_date else "") for r in demo}
    assert len(one & demo_people) < 5


def test_the_web_check_offers_commit_valid_rows_and_the_rejected_file(
    officer_a, login, tmp_path, settings
):
    settings.JOBS_DIR = tmp_path / "jobs"
    settings.TASKS = IMMEDIATE
    from hientai.orgs.models import Unit

    path = _write(
        tmp_path / "ds.csv",
        [["Họ và tên", "Đơn vị công tác", "Ngày sinh"],
         ["Ngô Văn Em", "UBND phường Đồng Xoài", "31/02/1980"],
         ["Ngô Văn Giang", "P. Đồng Xoài", "01/02/1980"]],
    )  # fmt: skip
    client = login(officer_a)
    with path.open("rb") as handle:
        client.post(
            "/exchange/",
            {"action": "import", "import-unit": Unit.objects.get(code=UNIT_A).pk,
             "import-dry_run": "on", "import-encoding": "", "import-file": handle},
        )  # fmt: skip
    check = Job.objects.get()
    assert check.status == JobStatus.SUCCEEDED, check.message
    page = client.get(f"/exchange/jobs/{check.pk}/").content.decode()
    assert 'id="commit-valid"' in page and 'id="commit"' not in page
    assert "Phường Đồng Xoài" in page  # the reason: how the unit was read
    download = client.get(f"/exchange/jobs/{check.pk}/files/rejected/")
    assert download.status_code == 200
    assert "Lỗi" in b"".join(download.streaming_content).decode("utf-8-sig")

    response = client.post(f"/exchange/jobs/{check.pk}/commit/", {"mode": "valid"})
    commit = Job.objects.exclude(pk=check.pk).get()
    assert response["Location"] == f"/exchange/jobs/{commit.pk}/"
    assert commit.result["committed"] and commit.result["rejected"] == 1
    assert list(Person.objects.values_list("given_name", flat=True)) == ["Giang"]
    page = client.get(response["Location"]).content.decode()
    assert 'id="rejected-download"' in page


def test_a_list_that_names_only_the_workplace_and_month_year_births(tmp_path):
    path = _write(
        tmp_path / "ds.csv",
        [["Họ tên khai sinh", "Sinh ngày", "Giới tính (Nam/Nữ)", "Cơ quan công tác"],
         ["Ngô Văn Em", "03/1980", "Nam", "UBND phường Đồng Xoài"],
         ["Ngô Thị Giang", "15.03.1981", "Nữ", "Phường Trấn Biên"]],
    )  # fmt: skip
    result = import_people(path, user=None)
    assert result.committed and result.created == 2, [f.message for f in result.findings]
    em = Person.objects.get(given_name="Em")
    assert (em.unit.code, em.birth_year, em.birth_date) == (UNIT_A, 1980, None)
    giang = Person.objects.get(given_name="Giang")
    assert giang.birth_date == datetime.date(1981, 3, 15) and giang.unit.code == "26041"


def test_the_check_hands_new_rows_to_a_registered_likely_match_finder(tmp_path):
    from hientai.exchange import matching

    seen = []

    def finder(rows, user):
        seen.extend(row for row, _record in rows)
        return [{"row": row, "person_id": 0, "label": record.full_name, "probability": 0.9,
                 "reason": "test"} for row, record in rows]  # fmt: skip

    path = _write(
        tmp_path / "ds.csv",
        [["Họ và tên", "Đơn vị"], ["Ngô Văn Em", UNIT_A], ["Ngô Thị Giang", UNIT_A]],
    )
    matching.register(finder)
    try:
        result = import_people(path, user=None, dry_run=True)
    finally:
        matching.unregister(finder)
    assert seen == [2, 3]
    assert [m["label"] for m in result.likely_matches] == ["Ngô Văn Em", "Ngô Thị Giang"]
    assert result.as_json()["likely_matches"][0]["row"] == 2
