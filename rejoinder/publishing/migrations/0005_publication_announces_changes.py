from django.db import migrations

from rejoinder.core.changes import notice_trigger


class Migration(migrations.Migration):
    """On PostgreSQL, the publication's revision and pages (published, unpublished, moved)
    announce their changes, so that kept article pages are not read again on every request
    (core.changes)."""

    dependencies = [("publishing", "0004_add_publication_revision")]

    operations = [notice_trigger("publishing_publicationrevision", "wagtailcore_page")]
