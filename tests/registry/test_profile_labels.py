"""Accessibility of the profile edit pages: every input has a label."""

import re


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
