"""Indexes serving a ceremony's and a category's pages: their first nominations in order."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="nomination",
            index=models.Index(
                fields=["ceremony", "category", "film"], name="nomination_ceremony_order_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="nomination",
            index=models.Index(
                fields=["category", "ceremony", "film"], name="nomination_category_order_idx"
            ),
        ),
    ]
