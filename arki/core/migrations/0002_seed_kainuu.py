"""Seed the Kainuu region and its eight municipalities with their official codes."""

from django.db import migrations


def seed(apps, schema_editor):
    from arki.core.kainuu import seed_kainuu

    seed_kainuu(apps.get_model("core", "Region"), apps.get_model("core", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
