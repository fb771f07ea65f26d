import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Service errors are matched by their English msgid (the pages show the Vietnamese)."""
    with translation.override("en"):
        yield
