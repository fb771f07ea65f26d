"""WSGI entry point used by granian (`hientai serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")

application = get_wsgi_application()
