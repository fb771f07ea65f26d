"""`import-plan`: each seed stored as a draft with its source and spans; duplicate and bad
files rejected with nothing written; parent plans linked from "Căn cứ Kế hoạch số ..."."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from hientai.core.text import fold
from hientai.plans.models import (
    LegalBasis,
    Plan,
    PlanEvent,
    PlanStatus,
    ReportingDuty,
    Target,
    Task,
    TaskUnit,
    UnitRole,
)
from hientai.plans.parser import parse_plan
from hientai.plans.services import PlanImportError, import_plan
from tests.plans.conftest import (
    SEED_000,
    SEED_001,
    SEED_003,
    SEED_004,
    seed_path,
    small_plan,
)
from tests.plans.scoring import SEEDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PLAN_MODELS = (Plan, LegalBasis, Target, Task, TaskUnit, ReportingDuty, PlanEvent)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in PLAN_MODELS}


@pytest.mark.parametrize("seed", SEEDS)
def test_each_seed_is_stored_as_a_draft(import_seed, seed):
    parsed = parse_plan(seed_path(seed))
    plan = import_seed(seed)
    assert plan.status == PlanStatus.DRAFT
    assert plan.tasks.count() == len(parsed.tasks)
    assert plan.targets.count() == len(parsed.targets)
    assert plan.reporting_duties.count() == len(parsed.reporting)
    assert plan.legal_bases.count() == len(parsed.legal_bases)
    assert plan.source_lines == parsed.lines
    assert len(plan.source_hash) == 64
    assert plan.parsed["tasks"][0]["title"] == parsed.tasks[0].title
    assert PlanEvent.objects.filter(plan=plan, action="imported").count() == 1
    # Every unit name is kept as written, next to its mapping.
    names = sorted(TaskUnit.objects.filter(task__plan=plan).values_list("name", flat=True))
    assert names == sorted(name for task in parsed.tasks for name in task.lead + task.coordinators)


@pytest.mark.parametrize("seed", SEEDS)
def test_spans_point_at_the_item_text(import_seed, seed):
    plan = import_seed(seed)
    lines = plan.source_lines
    for item in [*plan.tasks.all(), *plan.targets.all(), *plan.reporting_duties.all()]:
        assert item.start_line and item.end_line, item
        assert 1 <= item.start_line <= item.end_line <= len(lines)
    for task in plan.tasks.all():
        block = fold(" ".join(lines[task.start_line - 1 : task.end_line]))
        first_words = " ".join(fold(task.content).split()[:2])
        if not plan.ocr_repaired:
            assert first_words in block, (task.content, block[:200])


def test_parser_json_carries_spans():
    data = parse_plan(seed_path(SEED_003)).as_dict()
    assert data["tasks"][0]["span"] == {"start_line": 312, "end_line": 312}
    assert all("span" in item for key in ("tasks", "targets", "reporting") for item in data[key])


def test_units_are_mapped_when_the_parser_is_sure_and_generic_names_marked(import_seed):
    plan = import_seed(SEED_003)
    first = plan.tasks.order_by("position").first()
    leads = {link.name: link for link in first.units.filter(role=UnitRole.LEAD)}
    assert leads["Sở Nội vụ"].unit.code == "75.SNV"
    assert leads["các Sở ngành, đơn vị có liên quan"].is_generic
    assert leads["các Sở ngành, đơn vị có liên quan"].unit is None


def test_header_facts(import_seed):
    plan = import_seed(SEED_003)
    assert plan.number == "/KH-UBND"
    assert plan.issuing_unit.code == "75.UBND"
    assert (plan.start_year, plan.end_year) == (2026, 2030)
    assert plan.approver.endswith("Lê Trường Sơn")
    basis = plan.legal_bases.get(document_number="401/KH-UBND")
    assert basis.document_kind == "Kế hoạch"


def test_importing_the_same_file_twice_is_refused(import_seed):
    import_seed(SEED_000)
    before = counts()
    with pytest.raises(PlanImportError) as error:
        import_seed(SEED_000)
    assert "already imported" in str(error.value)
    assert counts() == before


def test_same_bytes_under_another_name_is_the_same_file(import_seed, tmp_path):
    import_seed(SEED_000)
    copy = tmp_path / "ban-sao.txt"
    copy.write_bytes(seed_path(SEED_000).read_bytes())
    with pytest.raises(PlanImportError):
        import_plan(copy)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"", "empty.txt"),
        (b"\x00\x01\x02binary" * 50, "binary.txt"),
        ("Thư mời họp\nKính gửi các đồng chí.".encode(), "not-a-plan.txt"),
        (b"%PDF-1.4 broken", "broken.pdf"),
    ],
)
def test_bad_files_are_rejected_and_nothing_is_written(db, content, name):
    with pytest.raises(PlanImportError) as error:
        import_plan(content, name)
    assert "Nothing was written" in str(error.value)
    assert all(count == 0 for count in counts().values())


def test_missing_file(db, tmp_path):
    with pytest.raises(PlanImportError):
        import_plan(tmp_path / "missing.txt")


def test_unknown_issuer_needs_a_unit(db):
    with pytest.raises(PlanImportError) as error:
        import_plan(seed_path(SEED_004))
    assert "--unit" in str(error.value)
    assert Plan.objects.count() == 0
    plan = import_plan(seed_path(SEED_004), unit_code="75.UBND")
    assert plan.issuing_unit.code == "75.UBND"
    with pytest.raises(PlanImportError):
        import_plan(small_plan(number="9/KH-X"), "x.txt", unit_code="NO-SUCH-UNIT")


def test_an_officer_imports_only_for_their_units(officer_a, officer_b):
    with pytest.raises(PermissionDenied):
        import_plan(seed_path(SEED_001), user=officer_b)
    assert Plan.objects.count() == 0
    plan = import_plan(seed_path(SEED_001), user=officer_a)
    assert plan.issuing_unit.code == "25210" and plan.created_by == officer_a


def test_a_failure_while_writing_rolls_everything_back(db, monkeypatch):
    from hientai.plans import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.ReportingDuty.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        import_plan(seed_path(SEED_003))
    assert all(count == 0 for count in counts().values())


# ---------------------------------------------------------------- parent plans


CHILD = dict(
    number="5/KH-SNV",
    issuer="Sở Nội vụ",
    basis="Căn cứ Kế hoạch số 20/KH-UBND ngày 19/01/2026 của UBND thành phố;",
    tasks=(("Tuyên truyền chính sách thu hút nhân tài", "Sở Nội vụ", "Hằng năm"),),
)


def test_child_links_to_an_existing_parent_by_its_basis(db):
    parent = import_plan(small_plan(), "parent.txt")
    child = import_plan(small_plan(**CHILD), "child.txt")
    assert child.parent == parent
    assert child.parent_reference.startswith("Kế hoạch số 20/KH-UBND")
    assert child.legal_bases.get().referenced_plan == parent
    assert PlanEvent.objects.filter(plan=child, action="linked").exists()


def test_parent_imported_later_links_the_waiting_child(db):
    child = import_plan(small_plan(**CHILD), "child.txt")
    assert child.parent is None and child.parent_number_key == "20/kh-ubnd"
    parent = import_plan(small_plan(), "parent.txt")
    child.refresh_from_db()
    assert child.parent == parent
    assert child.legal_bases.get().referenced_plan == parent


def test_seed_child_links_to_the_plan_it_implements(db):
    parent = import_plan(small_plan(), "parent.txt")
    child = import_plan(seed_path(SEED_000))  # "Triển khai thực hiện Kế hoạch số 20/KH-UBND"
    assert child.parent == parent
    ward = import_plan(seed_path(SEED_001))  # only "Căn cứ Kế hoạch số 20/KH-UBND ..."
    assert ward.parent == parent


def test_a_draft_number_is_not_a_parent(db):
    import_plan(small_plan(number="/KH-UBND"), "draft.txt")
    child = import_plan(small_plan(**{**CHILD, "basis": "Căn cứ Kế hoạch số /KH-UBND;"}), "c.txt")
    assert child.parent is None


# ---------------------------------------------------------------- command


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def test_command_imports_and_summarises(db):
    output = run(str(seed_path(SEED_003)))
    plan = Plan.objects.get()
    assert f"/plans/{plan.pk}/review/" in output
    assert "28" in output


def test_command_errors_are_command_errors(db, officer_b):
    run(str(seed_path(SEED_000)))
    with pytest.raises(CommandError):
        run(str(seed_path(SEED_000)))
    with pytest.raises(CommandError):
        run(str(seed_path(SEED_004)))
    with pytest.raises(CommandError):
        run(str(seed_path(SEED_001)), "--as", "officer_b")
    with pytest.raises(CommandError):
        run(str(seed_path(SEED_001)), "--as", "nobody")
    assert Plan.objects.count() == 1
    run(str(seed_path(SEED_004)), "--unit", "75.UBND")
    assert Plan.objects.count() == 2


def test_reupload_of_another_units_plan_reveals_nothing(english, officer_a, officer_b, coordinator):
    """No oracle: the same file re-uploaded by someone who cannot see the plan learns
    neither its number, nor its status, nor its date."""
    content = small_plan(number="77/KH-UBND", issuer="Ủy ban nhân dân phường Đồng Xoài")
    plan = import_plan(content, "a.txt", user=officer_a, unit_code="25210")
    with pytest.raises(PlanImportError) as error:
        import_plan(content, "b.txt", user=officer_b, unit_code="26041")
    message = str(error.value)
    assert "77/KH-UBND" not in message and plan.get_status_display() not in message
    assert plan.created_at.strftime("%d/%m/%Y") not in message
    assert "cannot use" in message
    # Someone who may see the plan still gets the helpful message.
    with pytest.raises(PlanImportError) as seen:
        import_plan(content, "c.txt", user=coordinator, unit_code="25210")
    assert "77/KH-UBND" in str(seen.value)
