"""The baseline for bench/home_rps.py: a bare Django view, no middleware, no database."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-secret",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("", bare)]
application = get_wsgi_application()
