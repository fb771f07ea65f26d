"""The site's frame: a skip link, a favicon, a labelled menu button, no inline script."""

import re

from tests.registry.conftest import make_person  # noqa: F401


def test_frame_has_skip_link_favicon_and_menu_button(officer_a, login):
    page = login(officer_a).get("/").content.decode()
    assert '<a class="skiplink" href="#content">' in page and 'id="content"' in page
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert 'class="menubutton" aria-controls="mainnav" aria-expanded="false"' in page
    assert 'id="mainnav"' in page and "app.js" in page
    # Scripts only from files (a strict CSP forbids inline ones).
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag, tag
    assert " onclick=" not in page


def test_every_profile_input_has_a_label(officer_a, make_person, login):
    person = make_person(officer_a)
    client = login(officer_a)
    for part in ("identity", "employment", "languages", "assessments"):
        page = client.get(f"/people/{person.pk}/edit/{part}/").content.decode()
        ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page)
        labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', page))
        hidden = set(re.findall(r'<input type="hidden"[^>]*id="([^"]+)"', page))
        missing = [i for i in ids if i not in labelled and i not in hidden]
        assert not missing, (part, missing)
