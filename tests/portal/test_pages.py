"""The portal's content pages: the anonymous home, languages, draft and published, the
editing workflow and its audit rows, search-engine files, structured data and the CSP."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hientai.core.models import AuditEntry
from hientai.portal import sections, services
from hientai.portal.models import Page, PageStatus
from tests.portal.conftest import NOW

pytestmark = pytest.mark.django_db

POLICY = "/public/{lang}/policies/thu-hut-chuyen-gia-kieu-bao/"
# The CSP check of tests/security/test_logins.py: code inline is refused, data blocks pass.
INLINE = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/(?:ld\+)?json\"))[^>]*>|\son[a-z]+\s*=|"
    r"\sstyle\s*=|javascript:",
    re.I,
)


def _draft(coordinator, **extra) -> Page:
    page = Page(kind="news", title_vi="Tin nháp về học bổng", body_vi="Nội dung nháp.", **extra)
    return services.save_page(page, coordinator, now=NOW)


def test_anonymous_home_is_the_portal_and_signed_in_users_keep_their_work(expert, login):
    response = Client().get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in page and "Cổng thông tin nhân tài" in page
    assert 'href="/login/"' in page  # the sign-in stays reachable from the header
    assert "Chính sách thu hút trí thức" in page  # the starter policies
    work = login(expert).get("/")
    assert work.status_code == 200 and "p-hero" not in work.content.decode()
    assert Client().post("/").status_code == 405


@pytest.mark.parametrize("lang,html_lang,title", [
    ("vi", "vi", "Chính sách thu hút trí thức"),
    ("en", "en", "Attracting overseas Vietnamese experts"),
    ("zh", "zh-Hans", "吸引海外越南籍知识分子和专家的政策"),
])  # fmt: skip
def test_policy_pages_in_three_languages(lang, html_lang, title):
    response = Client().get(POLICY.format(lang=lang))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{html_lang}">' in page and title in page
    for other in ("vi", "en", "zh-Hans"):
        assert f'hreflang="{other}"' in page
    assert f'<link rel="canonical" href="http://testserver{POLICY.format(lang=lang)}">' in page
    assert '<meta name="description" content="' in page


def test_chinese_only_for_policy_pages():
    assert Client().get("/public/zh/news/").status_code == 404
    assert Client().get("/public/zh/statistics/").status_code == 404
    assert Client().get("/public/zh/").status_code == 200
    assert Client().get("/public/zh/policies/").status_code == 200
    # A policy without a Chinese text has no Chinese page.
    Page.objects.filter(slug="ho-tro-chuyen-gia-nuoc-ngoai").update(title_zh="", body_zh="")
    assert Client().get("/public/zh/policies/ho-tro-chuyen-gia-nuoc-ngoai/").status_code == 404


def test_draft_is_invisible_to_the_public_and_visible_to_coordinators(coordinator, officer_b,
                                                                       login):  # fmt: skip
    page = _draft(coordinator)
    url = f"/public/vi/news/{page.slug}/"
    assert Client().get(url).status_code == 404
    assert login(officer_b).get(url).status_code == 404
    seen = login(coordinator).get(url)
    assert seen.status_code == 200 and "Bản nháp" in seen.content.decode()
    assert page.slug not in Client().get("/public/vi/news/").content.decode()
    assert page.slug not in Client().get("/sitemap.xml").content.decode()


def test_publishing_needs_english_and_is_audited(coordinator):
    page = _draft(coordinator)
    with pytest.raises(ValidationError) as error:
        services.publish(page, coordinator, now=NOW)
    assert "tiếng Anh" in " ".join(error.value.messages)
    page.refresh_from_db()
    assert page.status == PageStatus.DRAFT  # nothing half-written
    page.title_en, page.body_en = "Draft news on scholarships", "Text."
    services.save_page(page, coordinator, now=NOW)
    services.publish(page, coordinator, now=NOW)
    assert Client().get(f"/public/en/news/{page.slug}/").status_code == 200
    services.unpublish(page, coordinator, now=NOW)
    assert Client().get(f"/public/en/news/{page.slug}/").status_code == 404
    rows = AuditEntry.objects.filter(object_type="portal.page", object_id=str(page.pk))
    assert [row.action for row in rows.order_by("pk")] == ["create", "update", "status", "status"]


def test_only_coordinators_edit(officer_b, coordinator, login):
    with pytest.raises(PermissionDenied):
        services.save_page(Page(kind="news", title_vi="X", body_vi="Y"), officer_b, now=NOW)
    assert login(officer_b).get("/public/manage/").status_code == 403
    assert Client().get("/public/manage/").status_code in (302, 403)
    client = login(coordinator)
    assert client.get("/public/manage/").status_code == 200
    response = client.post("/public/manage/new/", {"kind": "event", "title_vi": "",
                                                   "body_vi": ""})  # fmt: skip
    assert response.status_code == 200 and "tiêu đề" in response.content.decode().lower()
    response = client.post("/public/manage/new/", {
        "kind": "event", "title_vi": "Hội thảo bán dẫn", "body_vi": "Nội dung.",
        "title_en": "Semiconductor workshop", "body_en": "Text.",
    })  # fmt: skip
    page = Page.objects.get(title_vi="Hội thảo bán dẫn")
    assert response.status_code == 302 and page.status == PageStatus.DRAFT
    client.post(f"/public/manage/{page.pk}/status/", {"status": "published"})
    page.refresh_from_db()
    assert page.status == PageStatus.PUBLISHED and page.slug == "semiconductor-workshop"


def test_body_text_is_escaped():
    page = Page.objects.get(slug="trien-khai-ke-hoach-20-kh-ubnd")
    page.body_vi = "## Tiêu đề\n\n<script>alert(1)</script>\n- một\n- hai"
    page.save()
    html = Client().get("/public/vi/news/trien-khai-ke-hoach-20-kh-ubnd/").content.decode()
    assert "<h2>Tiêu đề</h2>" in html and "&lt;script&gt;" in html
    assert "<ul><li>một</li><li>hai</li></ul>" in html


def test_sitemap_and_robots():
    sitemap = Client().get("/sitemap.xml")
    xml = sitemap.content.decode()
    assert sitemap.status_code == 200 and sitemap["Content-Type"].startswith("application/xml")
    for lang in ("vi", "en", "zh"):
        assert f"<loc>http://testserver{POLICY.format(lang=lang)}</loc>" in xml
    assert 'hreflang="zh-Hans" href="http://testserver/public/zh/policies/' in xml
    assert "/public/zh/news/" not in xml
    robots = Client().get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /people/" in robots


def test_structured_data_and_csp():
    response = Client().get(POLICY.format(lang="en"))
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not INLINE.search(html), INLINE.search(html)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    types = {item["@type"] for item in data}
    assert {"GovernmentOrganization", "Article"} <= types


def test_registered_sections_show_and_a_failing_one_is_hidden():
    item = sections.SectionItem("Học bổng Fulbright 2027", "/public/vi/calls/", "Mở đến 30/4")
    sections.register(sections.Section("opportunities", "Cơ hội đang mở",
                                       lambda now, lang: [item], order=20))  # fmt: skip

    def broken(now, lang):
        raise RuntimeError("boom")

    sections.register(sections.Section("honours", "Vinh danh", broken, order=30))
    try:
        home = Client().get("/public/vi/").content.decode()
        assert "Học bổng Fulbright 2027" in home and "Vinh danh" not in home
        calls = Client().get("/public/vi/calls/").content.decode()
        assert "Học bổng Fulbright 2027" in calls
        assert Client().get("/public/vi/more/opportunities/").status_code == 200
        assert Client().get("/public/vi/more/nothing/").status_code == 404
    finally:
        sections.unregister("opportunities")
        sections.unregister("honours")


def test_english_pages_have_english_labels_whatever_the_cookie(coordinator):
    client = Client()
    client.cookies["django_language"] = "vi"
    page = client.get(POLICY.format(lang="en")).content.decode()
    assert "Policies and incentives" in page and "Chính sách thu hút" not in page
    services.publish_statistics(coordinator, now=NOW)
    stats = client.get("/public/en/statistics/").content.decode()
    assert "By unit" in stats and "Theo đơn vị" not in stats
