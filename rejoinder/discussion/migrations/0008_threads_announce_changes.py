from django.db import migrations

from rejoinder.core.changes import notice_trigger


class Migration(migrations.Migration):
    """On PostgreSQL, writes to threads (revisions, closing, addresses) announce themselves,
    so that kept pages of comments are not read again on every request (core.changes)."""

    dependencies = [("discussion", "0007_thread_votes_revision")]

    operations = [notice_trigger("discussion_thread")]
