from django.db import migrations


def seed(apps, schema_editor):
    from arki.helpexchange.villages import seed_villages

    seed_villages(apps.get_model("core", "Municipality"), apps.get_model("helpexchange", "Village"))


class Migration(migrations.Migration):
    dependencies = [
        ("helpexchange", "0001_initial"),
        ("core", "0002_seed_kainuu"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
