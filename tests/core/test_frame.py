"""The site's frame: a skip link, a favicon, a labelled menu button, no inline script."""

import re


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
