"""The acceptance at full size (HIENTAI_SLOW=1): 100,000 gen-people rows imported as CSV and
as XLSX; the second import of either changes nothing."""

import os

import pytest

from hientai.demo.generator import generate_people
from hientai.registry import models as m
from tests.exchange.import_support import TODAY, do_import, write_csv, write_xlsx

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(os.environ.get("HIENTAI_SLOW") != "1", reason="set HIENTAI_SLOW=1"),
]
ROWS = 100_000


def test_100k_csv_and_xlsx_twice(tmp_path):
    records = list(generate_people(ROWS, seed=2026, today=TODAY))
    csv_path = write_csv(tmp_path / "p.csv", records)
    first = do_import(csv_path, None)
    assert first.committed and (first.created, first.rejected) == (ROWS, 0)
    second = do_import(csv_path, None)
    assert (second.created, second.updated, second.unchanged) == (0, 0, ROWS)
    xlsx_path = write_xlsx(tmp_path / "p.xlsx", records)
    del records
    third = do_import(xlsx_path, None)
    assert (third.created, third.updated, third.unchanged) == (0, 0, ROWS)
    assert m.Person.objects.count() == ROWS
