"""Only system administrators reach the admin: every other role gets 403 on every admin URL
(generated from the admin's registered models) and sees no admin link in the menu."""

import pytest
from django.contrib import admin
from django.urls import reverse

from hientai.accounts.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def admin_urls() -> list[str]:
    """Index, every app index, and each registered model's changelist, add, change,
    history and delete URLs (for an existing row when there is one)."""
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        urls.append(reverse("admin:app_list", kwargs={"app_label": meta.app_label}))
        name = f"admin:{meta.app_label}_{meta.model_name}"
        urls += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        row = model_admin.model._default_manager.order_by("pk").first()
        pk = row.pk if row is not None else 1
        for view in ("change", "history", "delete"):
            urls.append(reverse(f"{name}_{view}", args=[pk]))
    return sorted(set(urls))


@pytest.fixture
def dpo(db) -> User:
    user = User.objects.create_user("dpo", password="dpo-pass-2026-long")
    RoleAssignment.objects.create(user=user, role=Role.DPO)
    return user


def test_every_registered_model_is_swept():
    urls = admin_urls()
    for label in ("registry/person", "orgs/unit", "accounts/roleassignment", "catalogs/code"):
        assert any(f"/admin/{label}/" in url for url in urls)
    assert len(urls) > 80


@pytest.mark.parametrize("persona", ["leader", "officer_a", "coordinator", "dpo"])
def test_non_administrators_get_403_on_every_admin_url(persona, request, login):
    client = login(request.getfixturevalue(persona))
    refused = {}
    for url in admin_urls():
        get = client.get(url).status_code
        post = client.post(url, {"post": "yes"}).status_code
        if get != 403 or post != 403:
            refused[url] = (get, post)
    assert refused == {}


def test_administrator_reaches_the_admin(administrator, login):
    client = login(administrator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/registry/person/").status_code == 200


@pytest.mark.parametrize("persona", ["leader", "officer_a", "coordinator"])
def test_no_admin_link_in_the_menu_for_other_roles(persona, request, login):
    page = login(request.getfixturevalue(persona)).get("/").content.decode()
    assert 'href="/admin/"' not in page


def test_administrator_sees_the_admin_link(administrator, login):
    assert 'href="/admin/"' in login(administrator).get("/").content.decode()
