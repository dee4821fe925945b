"""The WSGI application `rejoinder serve` runs under granian: Django, with repeated anonymous
reads of a thread page answered from memory in front of it (discussion.shared_reads)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rejoinder.settings")

django_application = get_wsgi_application()

from rejoinder.core.metrics import TimedApplication  # noqa: E402
from rejoinder.core.request_id import RequestIdApplication  # noqa: E402
from rejoinder.discussion.shared_reads import SharedReads  # noqa: E402  (needs Django set up)

# Outermost: a request id on every answer, and timing of the pages answered from memory.
application = RequestIdApplication(TimedApplication(SharedReads(django_application)))

# Django, Wagtail and their modules live as long as the process: taking them out of the
# collector's sight keeps its full passes short, and with them the slowest responses.
gc.freeze()
