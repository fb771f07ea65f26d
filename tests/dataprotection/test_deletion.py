"""The registry's deletion services the requests use: scope, the photo file, the
derived data (search index, quality findings) after commit."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from hientai.registry.models import Person, ProfileVersion
from hientai.registry.services import anonymise_person, erase_person
from hientai.search.engine import SYSTEM, search_people
from hientai.search.indexer import reindex_people

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


def _with_photo(person: Person) -> str:
    person.photo.save("hung.png", ContentFile(PNG), save=True)
    assert default_storage.exists(person.photo.name)
    return person.photo.name


def _indexed(person_id: int) -> bool:
    from hientai.search.indexer import INDEX_TABLE

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {INDEX_TABLE} WHERE person_id = %s", [person_id])
        return cursor.fetchone()[0] > 0


def test_erasing_removes_the_row_the_photo_and_the_index_entry(
    full_person, officer_a, officer_b, media, django_capture_on_commit_callbacks
):
    photo = _with_photo(full_person)
    reindex_people([full_person.pk])
    assert _indexed(full_person.pk)
    with pytest.raises(PermissionDenied):
        erase_person(full_person, officer_b, "not theirs")
    person_id = full_person.pk
    with django_capture_on_commit_callbacks(execute=True):
        assert erase_person(full_person, officer_a, "request") == person_id
    assert not Person.objects.filter(pk=person_id).exists()
    assert not default_storage.exists(photo)
    assert not _indexed(person_id)


def test_anonymising_keeps_statistics_and_reindexes_without_the_name(
    full_person, officer_a, officer_b, media, django_capture_on_commit_callbacks
):
    photo = _with_photo(full_person)
    reindex_people([full_person.pk])
    assert search_people(SYSTEM, "Hùng").total == 1
    with pytest.raises(PermissionDenied):
        anonymise_person(full_person, officer_b, "not theirs")
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_person(full_person, officer_a, "request")
    person = Person.objects.get(pk=full_person.pk)
    assert person.full_name == f"Ẩn danh #{person.pk}" and not person.photo
    assert person.user_id is None and person.ethnic_group_id is None
    assert person.categories.exists() and person.st_fields.exists()  # coded fields stay
    assert not default_storage.exists(photo)
    assert not ProfileVersion.objects.filter(person=person).exists()
    assert search_people(SYSTEM, "Hùng").total == 0
    assert search_people(SYSTEM, "Ẩn danh").total == 1
