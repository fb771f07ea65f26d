"""The baseline for bench/api.py: a bare Django view reading one profile row (raw SQL, no
middleware, no apps) from the same SQLite file and answering JSON."""

import json
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-secret",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ["HIENTAI_BENCH_DB"],
            "CONN_MAX_AGE": 60,
        }
    },
)


def bare(request, pk: int):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, full_name, birth_year, gender, status FROM registry_person WHERE id = %s",
            [pk],
        )
        row = cursor.fetchone()
    keys = ("id", "full_name", "birth_year", "gender", "status")
    return HttpResponse(
        json.dumps(dict(zip(keys, row, strict=True))), content_type="application/json"
    )


urlpatterns = [path("<int:pk>", bare)]
application = get_wsgi_application()
