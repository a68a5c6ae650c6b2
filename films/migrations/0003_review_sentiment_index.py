"""An index for the review list's sentiment facet (its bounded count reads the index only)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("films", "0002_initial")]

    operations = [
        migrations.AddIndex(
            model_name="review",
            index=models.Index(fields=["sentiment"], name="review_sentiment_idx"),
        ),
    ]
