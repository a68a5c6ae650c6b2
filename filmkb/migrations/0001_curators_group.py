"""Create the Curators group with permission on the knowledge-base models only."""

from django.db import migrations


def create_curators_group(apps, schema_editor):
    from filmkb.curators import sync_curators_group

    sync_curators_group(apps, schema_editor.connection.alias)


def remove_curators_group(apps, schema_editor):
    from filmkb.curators import CURATORS_GROUP

    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=CURATORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("people", "0001_initial"),
        ("films", "0002_initial"),
        ("awards", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_curators_group, remove_curators_group)]
