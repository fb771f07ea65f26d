"""Export → import → export of the interop JSON: every field of every profile comes back."""

import json

import pytest

from hientai.exchange.export import export_people
from hientai.registry import models as m
from hientai.registry.bulk import load_people
from tests.exchange.import_support import UNIT_A, UNIT_B, do_import, people

pytestmark = pytest.mark.django_db


def _export(path, user=None) -> dict:
    export_people(m.Person.objects.order_by("pk"), "json", path, user=user)
    return json.loads(path.read_text(encoding="utf-8"))


def test_json_export_reimports_every_field(tmp_path):
    # Generated profiles with every kind of part (publications, patents, trainings...).
    load_people(people(150, seed=31, units=[UNIT_A, UNIT_B]))
    assert m.Publication.objects.exists() and m.TrainingRecord.objects.exists()
    first = _export(tmp_path / "first.json")
    assert len(first["people"]) == 150

    m.Person.objects.all().delete()
    result = do_import(tmp_path / "first.json", None)
    assert result.committed and result.created == 150, result.findings[:5]
    second = _export(tmp_path / "second.json")
    assert second["people"] == first["people"]

    # And importing the export again changes nothing.
    again = do_import(tmp_path / "second.json", None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 150), again.findings[:5]


def test_json_reimport_updates_only_what_changed(tmp_path, officer_a):
    load_people(people(20, seed=32))
    data = _export(tmp_path / "p.json")
    data["people"][0]["contact"]["email"] = "doi.moi@dongnai.gov.vn"
    trainings = data["people"][1]["trainings"]
    trainings.append(
        {**trainings[0], "title": "Bồi dưỡng chuyển đổi số"}
        if trainings
        else {
            "topic": {"code": "digital_transformation"},
            "title": "Bồi dưỡng chuyển đổi số",
            "provider": "",
            "hours": 8,
            "start": None,
            "end": None,
            "certificate": "",
        }
    )
    (tmp_path / "changed.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = do_import(tmp_path / "changed.json", officer_a)
    assert (result.created, result.updated, result.unchanged) == (0, 2, 18), result.findings[:5]
    changed = m.Person.objects.get(email="doi.moi@dongnai.gov.vn")
    assert [v.changed_fields() for v in changed.versions.all()] == [["email"]]
    added = m.TrainingRecord.objects.get(title="Bồi dưỡng chuyển đổi số")
    assert m.ProfileVersion.objects.get(entity="trainingrecord").entity_id == added.pk
