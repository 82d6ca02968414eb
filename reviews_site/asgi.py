import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviews_site.settings")
application = get_asgi_application()

# As in wsgi.py: a missing or corrupt verdict model stops the server at start-up.
from consensus.classifier import default_model  # noqa: E402

default_model()
