"""The WSGI application `rejoinder serve` runs under granian: Django, with repeated anonymous
reads answered from memory in front of it (discussion.shared_reads): a thread's page of
comments, the embed's frame, the API's page of comments, counts for many pages and an article
page."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rejoinder.settings")

django_application = get_wsgi_application()

from rejoinder.core.metrics import OuterApplication  # noqa: E402
from rejoinder.discussion.shared_reads import SharedReads  # noqa: E402  (needs Django set up)
from rejoinder.shared_pages import sources  # noqa: E402

# Outermost: a request id on every answer, and timing of the pages answered from memory.
application = OuterApplication(SharedReads(django_application, sources()))

# Django, Wagtail and their modules live as long as the process: taking them out of the
# collector's sight keeps its full passes short, and with them the slowest responses.
gc.freeze()
