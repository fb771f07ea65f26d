import pytest

from tests.jobs import standin

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def jobs_dir(settings, tmp_path):
    settings.JOBS_DIR = tmp_path / "jobs"
    standin.register()
    return settings.JOBS_DIR


@pytest.fixture
def immediate(settings):
    """Tasks run inside `submit`, in this process and this transaction."""
    settings.TASKS = IMMEDIATE
