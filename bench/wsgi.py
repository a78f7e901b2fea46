"""The portal's WSGI application with bench.urls, for benchmarks only (never deployed)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from config.startup import startup_objects_freeze

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
settings.ROOT_URLCONF = "bench.urls"
application = get_wsgi_application()
startup_objects_freeze()  # as config.wsgi does, so the figures are production's
