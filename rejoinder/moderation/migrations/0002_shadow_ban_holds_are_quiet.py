from django.db import migrations


def quiet_shadow_ban_holds(apps, schema_editor):
    """Comments a shadow ban already holds: their authors must stop seeing "awaiting
    moderation" under them. The screening's reasons say which they are."""
    Screening = apps.get_model("moderation", "Screening")
    Comment = apps.get_model("discussion", "Comment")
    held = Screening.objects.filter(decision="hold", comment__state="pending")
    quiet = [
        screening.comment_id
        for screening in held.only("comment_id", "reasons").iterator()
        if any(reason.get("check") == "author_banned" for reason in screening.reasons)
    ]
    Comment.objects.filter(pk__in=quiet).update(hidden_quietly=True)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_moderation_policy_queue_and_log"),
        ("discussion", "0003_comment_hidden_quietly"),
    ]

    operations = [migrations.RunPython(quiet_shadow_ban_holds, migrations.RunPython.noop)]
