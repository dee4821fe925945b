from django.db import migrations, models


def mark_spam_quiet(apps, schema_editor):
    """Spam is hidden without telling its author. Shadow-banned comments held before this
    field cannot be told from ones held for review, and stay labelled until decided."""
    Comment = apps.get_model("discussion", "Comment")
    Comment.objects.filter(state="spam").update(hidden_quietly=True)


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0002_featured_comments"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="hidden_quietly",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_spam_quiet, migrations.RunPython.noop),
    ]
