"""The film list's order index also holds the key, so a deep page's keys (the list's
deferred join) are read from the index alone instead of sorting every film."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("films", "0003_review_sentiment_index")]

    operations = [
        migrations.RemoveIndex(model_name="film", name="film_list_order_idx"),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(fields=["name", "year", "id"], name="film_list_order_idx"),
        ),
    ]
