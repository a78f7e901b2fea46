"""The portal's WSGI application with bench.urls, for benchmarks only (never deployed)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
settings.ROOT_URLCONF = "bench.urls"
application = get_wsgi_application()
