import os

from django.core.wsgi import get_wsgi_application

from config.settings import refuse_development_secret
from config.startup import startup_objects_freeze

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
refuse_development_secret()
application = get_wsgi_application()
startup_objects_freeze()
