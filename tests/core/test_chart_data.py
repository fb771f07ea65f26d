"""The interactive charts' data (hientai.core.charts): plain JSON numbers, never localised;
achievement capped at 150 % with the 100 % line; keys become drill-down links."""

import json
from decimal import Decimal

from django.utils import translation

from hientai.core import charts


def test_numbers_are_plain_json_numbers_in_vietnamese_too():
    with translation.override("vi"):
        spec = charts.line("Tỷ lệ", [("2025", Decimal("39.3")), ("2026", None)], target=40)
        text = json.dumps(spec)
    assert spec["values"] == [39.3, None] and spec["target"] == 40.0
    assert "39,3" not in text and spec["words"]["exceeded"] == "vượt"


def test_achievement_bars_are_capped_and_link_to_their_unit():
    spec = charts.achievement_bars(
        "Mức đạt",
        [charts.bar("Phường A", Decimal("2550"), key="25210"), charts.bar("Xã B", None, key="")],
    )
    assert spec["cap"] == charts.ACHIEVEMENT_CAP and spec["reference"] == 100.0
    charts.link(spec, lambda code: f"?unit={code}")
    assert spec["bars"][0] == {
        "label": "Phường A",
        "value": 2550.0,
        "status": "",
        "key": "25210",
        "href": "?unit=25210",
    }
    assert "href" not in spec["bars"][1]
    assert charts.link(None, str) is None
