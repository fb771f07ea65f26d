"""Code lists: shipped data, import/export, and the errors that write nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hientai.catalogs.models import Code, Scheme
from hientai.catalogs.services import CodeListError, export_codes, import_codes

pytestmark = pytest.mark.django_db
HEADER = "scheme,version,code,parent,level,label_vi,label_en,valid_from,valid_to,unverified,note\n"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def write(tmp_path: Path, body: str, name: str = "codes.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_shipped_code_lists_are_loaded_by_migrations():
    st_fields = Code.objects.filter(scheme__key="st_field", scheme__is_current=True)
    assert st_fields.filter(level=1).count() == 6
    assert st_fields.filter(level=2).count() == 46
    assert st_fields.get(code="102").extra["ford"] == "1.2"
    assert (
        Code.objects.filter(scheme__key="ethnic_group", scheme__version="QD1019-2008").count() == 54
    )
    assert Code.objects.get(scheme__key="country", code="VN").label_vi == "Việt Nam"
    # What the research notes could not verify is flagged in the data.
    assert st_fields.filter(level=2, unverified=True).exists()
    assert Scheme.objects.filter(key="strategic_technology").count() == 2


def test_import_creates_then_second_import_changes_nothing(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "training_topic,,ai_basics,,1,Trí tuệ nhân tạo cơ bản,AI basics,2026-01-01,,0,\n"
        + "training_topic,,ai_prompting,ai_basics,,Viết câu lệnh cho AI,Prompting,,,1,chưa rõ\n",
    )
    first = import_codes(path)
    assert (first.created, first.updated) == (2, 0)
    child = Code.objects.get(scheme__key="training_topic", code="ai_prompting")
    assert child.parent.code == "ai_basics" and child.level == 2 and child.unverified
    second = import_codes(path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (HEADER + "no_such_list,,X,,,Nhãn,Label,,,0,\n", "không tồn tại"),
        (HEADER + "gender,v9,X,,,Nhãn,Label,,,0,\n", "không có phiên bản"),
        (HEADER + "gender,,x1,,,Nhãn,Label,,,0,,surplus\n", "số trường"),
        (HEADER + "gender,,x1,,,,Label,,,0,\n", "nhãn tiếng Việt"),
        (HEADER + "gender,,x1,,,A,A,,,0,\ngender,,x1,,,B,B,,,0,\n", "đã có ở dòng 3"),
        (HEADER + "gender,,x1,nope,,A,A,,,0,\n", "mã cha"),
        (HEADER + "gender,,x1,,,A,A,31/12/2026,,0,\n", "YYYY-MM-DD"),
        (HEADER + "gender,,x1,,,A,A,,,maybe,\n", "unverified"),
        ("scheme,code\ngender,x\n", "Thiếu cột"),
        (HEADER.replace("note", "colour") + "gender,,x1,,,A,A,,,0,red\n", "Cột không hợp lệ"),
        ("", "rỗng"),
    ],
)
def test_malformed_files_are_rejected_and_nothing_is_written(tmp_path, body, message):
    # A good row goes first: it must not be written either.
    if body.startswith(HEADER):
        body = HEADER + "gender,,ok1,,,Tốt,Good,,,0,\n" + body[len(HEADER) :]
    before = Code.objects.count()
    with pytest.raises(CodeListError) as caught:
        import_codes(write(tmp_path, body))
    assert message in str(caught.value)
    assert Code.objects.count() == before
    assert not Code.objects.filter(code="ok1").exists()


def test_non_utf8_file_is_rejected(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_bytes((HEADER + "gender,,x1,,,Đông,East,,,0,\n").encode("cp1258"))
    with pytest.raises(CodeListError, match="UTF-8"):
        import_codes(path)


def test_export_then_import_round_trips(tmp_path):
    out = tmp_path / "st.csv"
    rows = export_codes("st_field", out)
    assert rows == 52
    assert out.read_text(encoding="utf-8").splitlines()[0].endswith(",x_ford")
    report = import_codes(out)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 52)


def test_export_unknown_scheme_names_the_known_ones(tmp_path):
    with pytest.raises(CodeListError, match="ethnic_group"):
        export_codes("nope", tmp_path / "x.csv")


def test_cli_reports_errors_in_vietnamese(tmp_path):
    path = write(tmp_path, HEADER + "no_such_list,,X,,,Nhãn,Label,,,0,\n")
    with pytest.raises(CommandError, match="không ghi dữ liệu nào"):
        call_command("import_codes", str(path))


def test_cli_import_and_export(tmp_path):
    out = tmp_path / "gender.csv"
    stdout = io.StringIO()
    call_command("export_codes", "gender", str(out), stdout=stdout)
    assert "3" in stdout.getvalue()
    stdout = io.StringIO()
    call_command("import_codes", str(out), stdout=stdout)
    assert "không đổi 3" in stdout.getvalue()
