"""Code lists change on a coordinator page (not the admin), through `import_codes`: one
audit row per accepted file; a bad file is refused whole with Vietnamese messages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hientai.catalogs.models import Code
from hientai.core.models import AuditEntry

pytestmark = pytest.mark.django_db
HEADER = "scheme,version,code,parent,level,label_vi,label_en,valid_from,valid_to,unverified,note\n"
GOOD = HEADER + "training_topic,,ai_basics,,1,Trí tuệ nhân tạo cơ bản,AI basics,,,0,\n"


def upload(body: str | bytes) -> SimpleUploadedFile:
    content = body.encode("utf-8") if isinstance(body, str) else body
    return SimpleUploadedFile("codes.csv", content, content_type="text/csv")


def test_coordinator_imports_codes(coordinator, login):
    client = login(coordinator)
    assert "Nhập mã từ tệp" in client.get("/code-lists/").content.decode()
    response = client.post("/code-lists/import/", {"file": upload(GOOD)}, follow=True)
    assert "Tạo mới 1" in response.content.decode()
    assert Code.objects.get(scheme__key="training_topic", code="ai_basics").label_en == "AI basics"
    entry = AuditEntry.objects.get(action="import", object_type="catalogs.scheme")
    assert entry.actor == coordinator and entry.after["created"] == 1 and entry.channel == "web"


def test_bad_files_are_refused_whole(coordinator, login):
    client = login(coordinator)
    bad = GOOD + "training_topic,,x,,1,,,,,0,\n"  # an empty Vietnamese label
    page = client.post("/code-lists/import/", {"file": upload(bad)}, follow=True)
    assert "không ghi dữ liệu nào" in page.content.decode()
    page = client.post("/code-lists/import/", {"file": upload(b"\xff\xfe\x00bad")}, follow=True)
    assert "UTF-8" in page.content.decode()
    assert not Code.objects.filter(code__in=["ai_basics", "x"]).exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("persona", ["officer_a", "leader"])
def test_other_roles_are_refused(persona, request, login):
    client = login(request.getfixturevalue(persona))
    assert "Nhập mã từ tệp" not in client.get("/code-lists/").content.decode()
    assert client.post("/code-lists/import/", {"file": upload(GOOD)}).status_code == 403
    assert not Code.objects.filter(code="ai_basics").exists()
