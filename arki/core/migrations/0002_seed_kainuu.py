"""Seed the Kainuu region and its eight municipalities with their official codes."""

from django.db import migrations


def seed(apps, schema_editor):
    from arki.core.kainuu import MUNICIPALITIES, REGION

    Region = apps.get_model("core", "Region")
    Municipality = apps.get_model("core", "Municipality")
    region, _ = Region.objects.update_or_create(code=REGION["code"], defaults=REGION)
    for code, name, name_sv, abbreviation, lat, lon in MUNICIPALITIES:
        Municipality.objects.update_or_create(
            code=code,
            defaults={
                "region": region,
                "name": name,
                "name_sv": name_sv,
                "name_en": name,
                "abbreviation": abbreviation,
                "latitude": lat,
                "longitude": lon,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
