from django.db import migrations, models
from django.db.models.functions import Lower, Trim


def fill_normalised_emails(apps, schema_editor):
    Comment = apps.get_model("discussion", "Comment")
    Comment.objects.exclude(author_email="").update(
        author_email_normalised=Lower(Trim("author_email"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0003_comment_hidden_quietly"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="author_email_normalised",
            field=models.CharField(blank=True, db_index=True, max_length=254),
        ),
        migrations.RunPython(fill_normalised_emails, migrations.RunPython.noop),
    ]
