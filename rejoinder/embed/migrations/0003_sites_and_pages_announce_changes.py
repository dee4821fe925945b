from django.db import migrations

from rejoinder.core.changes import notice_trigger


class Migration(migrations.Migration):
    """On PostgreSQL, changes to embedding sites and their pages announce themselves, so that
    kept frames are not read again on every request (core.changes)."""

    dependencies = [("embed", "0002_site_follows_a_category_policy")]

    operations = [notice_trigger("embed_site", "embed_externalpage")]
