from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0004_comment_author_email_normalised"),
    ]

    operations = [
        # A signed token (forms.issue_form_token) is longer than the bare random one was.
        migrations.AlterField(
            model_name="comment",
            name="submission_token",
            field=models.CharField(blank=True, max_length=128, null=True, unique=True),
        ),
    ]
