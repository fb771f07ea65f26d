import pytest

from hientai.catalogs.models import Code
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.registry.services import save_person


@pytest.fixture
def make_person(db, django_capture_on_commit_callbacks):
    """A profile created through the service (versioned, keys kept), in unit A by default."""

    def make(user, unit_code: str = "25210", categories=("expert",), **fields) -> Person:
        values = {
            "family_name": "Nguyễn",
            "middle_name": "Văn",
            "given_name": "Hùng",
            "gender": "male",
        }
        values.update(fields)
        person = Person(unit=Unit.objects.get(code=unit_code), **values)
        codes = list(Code.objects.filter(scheme__key="person_category", code__in=categories))
        # The after-save hooks (the matching keys among them) run on commit.
        with django_capture_on_commit_callbacks(execute=True):
            return save_person(person, user, "test", m2m={"categories": codes})

    return make
