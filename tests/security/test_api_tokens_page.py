"""The API-token page (issue 19): a staff user makes and revokes their own tokens, the secret
shows once, each change is audited, bad input gets a Vietnamese message and writes nothing."""

import re

import pytest

from hientai.accounts import tokens
from hientai.accounts.models import ApiToken
from hientai.core.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = "/security/api-tokens/"


def test_make_see_once_and_revoke(officer_a, login):
    client = login(officer_a)
    page = client.post(URL, {"name": "Đồng bộ HRM", "days": "30"})
    assert page.status_code == 200
    token = ApiToken.objects.get(user=officer_a)
    html = page.content.decode()
    secret = re.search(r"htk_[A-Za-z0-9_-]{40,}", html).group(0)
    assert "chỉ hiện một lần" in html and tokens.digest(secret) == token.digest
    again = client.get(URL).content.decode()
    assert "Đồng bộ HRM" in again and secret not in again
    answer = client.post(f"{URL}{token.pk}/revoke/")
    assert answer.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    entries = AuditEntry.objects.filter(object_type="accounts.apitoken", object_id=str(token.pk))
    assert sorted(entries.values_list("action", flat=True)) == ["create", "revoke_token"]
    assert set(entries.values_list("channel", flat=True)) == {"web"}


def test_bad_input_writes_nothing(officer_a, login):
    client = login(officer_a)
    page = client.post(URL, {"name": "", "days": "30"}).content.decode()
    assert "Hãy đặt tên cho mã truy cập." in page
    page = client.post(URL, {"name": "x", "days": "900"}).content.decode()
    assert "từ 1 đến 366" in page
    page = client.post(URL, {"name": "x", "days": "abc"}).content.decode()
    assert "Nhập số ngày" in page
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(object_type="accounts.apitoken").exists()


def test_only_ones_own_tokens(officer_a, officer_b, expert, login):
    theirs, _secret = tokens.create_token(officer_b, officer_b, "B", days=5)
    assert login(officer_a).post(f"{URL}{theirs.pk}/revoke/").status_code == 404
    assert "B" not in [t.name for t in ApiToken.objects.filter(user=officer_a)]
    assert login(expert).get(URL).status_code == 403
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
