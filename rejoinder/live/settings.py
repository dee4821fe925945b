"""The settings of the live process (`rejoinder serve` starts it with these, cli.live_command):
the site's, with only the live app installed. The stream reads the events table and asks
whether a thread exists; loading every app (Wagtail, allauth, the admin) for that cost the
process about 90 MB of its 120 (issue 16). Nothing here is read from the environment: it
is all rejoinder.settings', so the two processes agree on the database, Redis and LIVE_*."""

from rejoinder.settings import *  # noqa: F403

# Its AppConfig wires no receivers: the stream publishes nothing, it only reads.
INSTALLED_APPS = ["rejoinder.live.apps.StreamConfig"]
# The live app answers outside Django's request cycle (live/asgi.py).
MIDDLEWARE = []
ROOT_URLCONF = None
TEMPLATES = []
