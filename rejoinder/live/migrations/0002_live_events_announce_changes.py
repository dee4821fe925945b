from django.db import migrations

from rejoinder.core.changes import notice_trigger


class Migration(migrations.Migration):
    """On PostgreSQL, a new live event announces itself: kept pages show where their live
    stream starts, the newest event's id (core.changes)."""

    dependencies = [("live", "0001_add_live_events")]

    operations = [notice_trigger("live_liveevent")]
