"""`hientai parse-plan FILE [--json]`: the JSON of the issue and a Vietnamese summary."""

import json
from io import StringIO

from django.core.management import call_command

from tests.plans.conftest import FIXTURES, SEED_003

PLAN_KEYS = {"number", "issuer", "date", "title"}
TASK_KEYS = {"title", "lead", "coordinators", "deadline", "result"}


def run(*args: str) -> str:
    out = StringIO()
    call_command("parse_plan", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_the_agreed_shape() -> None:
    data = json.loads(run(str(FIXTURES / f"{SEED_003}.txt"), "--json"))
    assert {"plan", "legal_bases", "targets", "tasks", "reporting"} <= set(data)
    assert set(data["plan"]) >= PLAN_KEYS
    assert data["plan"]["number"] == "/KH-UBND"
    assert data["plan"]["date"] is None
    assert all(isinstance(basis, str) for basis in data["legal_bases"])
    assert all({"text", "value", "unit", "year"} <= set(target) for target in data["targets"])
    assert len(data["tasks"]) == 28
    for task in data["tasks"]:
        assert set(task) >= TASK_KEYS
        assert {"raw", "kind", "due"} <= set(task["deadline"])
        assert all(isinstance(name, str) for name in task["lead"] + task["coordinators"])
    assert data["tasks"][2]["deadline"] == {
        "raw": "Quý II/2026",
        "kind": "quarter",
        "due": "2026-06-30",
    }
    assert all({"from", "to", "deadline"} <= set(duty) for duty in data["reporting"])


def test_summary_is_vietnamese() -> None:
    text = run(str(FIXTURES / f"{SEED_003}.txt"))
    assert "Kế hoạch: Triển khai thực hiện Nghị quyết số 107/NQ-CP" in text
    assert "Số: /KH-UBND · Cơ quan ban hành: Ủy ban nhân dân thành phố Đồng Nai" in text
    assert "Nhiệm vụ (28):" in text
    assert "Chỉ tiêu (30):" in text
    assert "Chủ trì: Sở Khoa học và Công nghệ · Phối hợp: Sở Khoa học" not in text
    assert "Thời hạn: Quý II/2026 (theo quý, hạn 30/06/2026)" in text
    assert "Chế độ báo cáo (5):" in text
    assert "Sở Khoa học và Công nghệ báo cáo Bộ Khoa học và Công nghệ" in text
