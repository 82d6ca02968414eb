import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviews_site.settings")
application = get_wsgi_application()

# Load the verdict model before serving: a missing or corrupt file stops the server at
# start-up with its reason (Django runs no system checks under a WSGI server).
from consensus.classifier import default_model  # noqa: E402

default_model()
