"""The portal's WSGI application with bench.urls, for benchmarks only (never deployed)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings

settings.ROOT_URLCONF = "bench.urls"

from config.wsgi import application  # noqa: E402, F401
