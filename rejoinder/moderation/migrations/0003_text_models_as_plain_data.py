import pickle

import django.utils.timezone
from django.db import migrations, models


def export_pickled_spam_models(apps, schema_editor):
    """Each pickled spam model (written by our own training job) becomes plain data. One
    that no longer unpickles is dropped: the next moderator decision retrains."""
    SpamModel = apps.get_model("moderation", "SpamModel")
    for row in SpamModel.objects.all():
        # App code in a migration: the export is what this step is; scikit-learn is
        # imported only when there is a pickle to convert.
        from rejoinder.moderation.linear_text import from_sklearn

        try:
            pipeline = pickle.loads(bytes(row.pickled))
            row.model = from_sklearn(pipeline.steps[0][1], pipeline.steps[-1][1]).to_data()
        except Exception:
            row.delete()
            continue
        row.save(update_fields=["model"])


def drop_spam_models(apps, schema_editor):
    """Going back: the older code reads only pickles, so it starts from the heuristics and
    retrains at the next decision."""
    apps.get_model("moderation", "SpamModel").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_shadow_ban_holds_are_quiet")]

    operations = [
        migrations.CreateModel(
            name="OffensiveModel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("package_version", models.CharField(max_length=40, unique=True)),
                ("model", models.JSONField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.AddField(
            model_name="spammodel",
            name="model",
            field=models.JSONField(default=dict),
            preserve_default=False,
        ),
        migrations.RunPython(export_pickled_spam_models, migrations.RunPython.noop),
        migrations.RemoveField(model_name="spammodel", name="pickled"),
        # Reversed first when going back: no row may lack the pickle the older code needs.
        migrations.RunPython(migrations.RunPython.noop, drop_spam_models),
    ]
