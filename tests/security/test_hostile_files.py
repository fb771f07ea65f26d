"""The hostile-file corpus: each file is made here, refused with a Vietnamese message,
at a measured peak memory under 300 MB (its own process), and nothing is written."""

import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from openpyxl import Workbook

from hientai.exchange.errors import ImportFileError
from hientai.exchange.parsing import read_people
from hientai.jobs.models import Job
from hientai.plans.models import Plan
from hientai.plans.parser import PlanParseError
from hientai.plans.parser.readers import read_source
from hientai.registry.models import Person

ROOT = Path(__file__).resolve().parents[2]
PEAK_LIMIT_MB = 300
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
BOMB_MB = 400  # unpacked size of each zip bomb (the issue's own .docx reached 2.17 GB)


def _docx_bytes(text: str = "Kế hoạch phát triển nhân tài") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item))
    return out.getvalue()


def billion_laughs_docx(path: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    path.write_bytes(_replace_member(_docx_bytes(), "word/document.xml", document))
    return path


def _add_bomb(data: bytes, member: str, size_mb: int = BOMB_MB) -> bytes:
    """A member of `size_mb` MB of spaces, streamed in (never held in memory whole)."""
    out = io.BytesIO(data)
    block = b" " * (1024 * 1024)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open(member, "w", force_zip64=True) as part,
    ):
        for _ in range(size_mb):
            part.write(block)
    return out.getvalue()


def zip_bomb_docx(path: Path) -> Path:
    path.write_bytes(_add_bomb(_docx_bytes(), "word/bomb.xml"))
    return path


def zip_bomb_xlsx(path: Path) -> Path:
    book = Workbook()
    book.active.append(["Họ và tên", "Ngày sinh", "Đơn vị quản lý"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_add_bomb(buffer.getvalue(), "xl/worksheets/sheet2.xml"))
    return path


def billion_laughs_xlsx(path: Path) -> Path:
    book = Workbook()
    book.active.append(["Họ và tên"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    path.write_bytes(_replace_member(buffer.getvalue(), "xl/worksheets/sheet1.xml", sheet))
    return path


def huge_page_pdf(path: Path) -> Path:
    pdf = FPDF(unit="pt", format=(4000, 4000))
    pdf.add_page()
    pdf.rect(10, 10, 100, 100)  # no text: it would go to OCR
    pdf.output(str(path))
    return path


def binary_csv(path: Path) -> Path:
    path.write_bytes(random.Random(12).randbytes(300_000))
    return path


CORPUS = {
    "billion-laughs.docx": ("docx", billion_laughs_docx),
    "zip-bomb.docx": ("docx", zip_bomb_docx),
    "huge-page.pdf": ("pdf", huge_page_pdf),
    "zip-bomb.xlsx": ("xlsx", zip_bomb_xlsx),
    "billion-laughs.xlsx": ("xlsx", billion_laughs_xlsx),
    "binary.csv": ("csv", binary_csv),
}


def _probe(kind: str, target: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.security.hostile_probe", kind, target],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_file_is_refused_cheaply_in_vietnamese(tmp_path, name):
    kind, make = CORPUS[name]
    path = make(tmp_path / name)
    outcome = _probe(kind, str(path))
    assert outcome["refused"], outcome
    assert outcome["error"] in {"PlanParseError", "ImportFileError"}, outcome
    assert VIETNAMESE.search(outcome["message"]), outcome["message"]
    assert "Traceback" not in outcome["message"]
    assert outcome["maxrss_mb"] < PEAK_LIMIT_MB, outcome


def test_150_mb_upload_is_refused_before_it_is_read(tmp_path):
    outcome = _probe("upload", str(150 * 1024 * 1024))
    assert outcome["status"] == 413, outcome
    assert VIETNAMESE.search(outcome["message"]) and "100 MB" in outcome["message"]
    assert outcome["maxrss_mb"] < PEAK_LIMIT_MB, outcome


def test_the_readers_refuse_in_process_too(tmp_path, english):
    """Same corpus, same process: the exception types the views catch."""
    for name, (kind, make) in CORPUS.items():
        path = make(tmp_path / name)
        if kind in ("docx", "pdf"):
            with pytest.raises(PlanParseError):
                read_source(path)
        else:
            with pytest.raises(ImportFileError):
                list(read_people(path))


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["billion-laughs.docx", "zip-bomb.docx", "huge-page.pdf"])
def test_plan_upload_refuses_and_writes_nothing(tmp_path, coordinator, login, settings, name):
    settings.MEDIA_ROOT = tmp_path / "media"
    _kind, make = CORPUS[name]
    path = make(tmp_path / name)
    client = login(coordinator)
    response = client.post(
        "/plans/upload/",
        {"file": SimpleUploadedFile(name, path.read_bytes()), "unit": ""},
    )
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].non_field_errors())
    assert VIETNAMESE.search(errors), errors
    assert not Plan.objects.exists()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.*"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["zip-bomb.xlsx", "billion-laughs.xlsx", "binary.csv"])
def test_people_upload_refuses_and_writes_nothing(tmp_path, officer_a, login, settings, name):
    settings.JOBS_DIR = tmp_path / "jobs"
    _kind, make = CORPUS[name]
    path = make(tmp_path / name)
    response = login(officer_a).post(
        "/exchange/",
        {
            "action": "import",
            "import-file": SimpleUploadedFile(name, path.read_bytes()),
            "import-unit": "",
        },
    )
    assert response.status_code == 200
    form = response.context["import_form"]
    assert VIETNAMESE.search(" ".join(form.errors.get("file", []))), form.errors
    assert not Job.objects.exists() and not Person.objects.exists()
    assert not (tmp_path / "jobs").exists() or not any((tmp_path / "jobs").rglob("*"))


@pytest.mark.django_db
def test_names_that_start_a_formula_are_refused_in_the_form(officer_a):
    from hientai.orgs.models import Unit
    from hientai.registry.forms import PersonForm

    unit = Unit.objects.get(code="25210")
    for name in ('=HYPERLINK("http://x","Bấm")', "+84 lừa", "-1+1", "@SUM(A1)"):
        form = PersonForm(
            data={"unit": unit.pk, "family_name": "Nguyễn", "given_name": name, "gender": ""},
            user=officer_a,
        )
        assert not form.is_valid()
        assert "given_name" in form.errors
        assert VIETNAMESE.search(" ".join(form.errors["given_name"])) or "formula" in " ".join(
            form.errors["given_name"]
        )


def test_streamed_file_data_past_the_limit_stops_the_upload(settings):
    """The second line behind the Content-Length check: bytes are counted as they come."""
    from django.core.files.uploadhandler import StopUpload
    from django.test import RequestFactory

    from hientai.security.uploads import LimitedUploadHandler, upload_limit

    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    request = RequestFactory().post("/exchange/")
    handler = LimitedUploadHandler(request)
    chunk = b"a" * (64 * 1024)
    sent = 0
    with pytest.raises(StopUpload) as stopped:
        while sent < 10 * upload_limit():
            assert handler.receive_data_chunk(chunk, sent) == chunk
            sent += len(chunk)
    assert stopped.value.connection_reset
    assert sent <= upload_limit()
    assert VIETNAMESE.search(request.upload_refused) or "too large" in request.upload_refused
