"""Load Statistics Finland's municipalities and wellbeing services counties (2026) shipped in
arki/core/data/, so that a new installation can pick any region without a developer.

Idempotent: existing rows keep their primary keys, abbreviations and coordinates (foreign keys
to them are untouched); the demo's Kainuu region, seeded under its maakunta code 18, first gets
its county code 20. A newer classification is loaded with ``arki load_classification``.
"""

from django.db import migrations


def load(apps, schema_editor):
    from arki.core.classification import read_shipped_classification
    from arki.core.kainuu import recode_old_kainuu_region
    from arki.core.services.places import classification_apply

    region = apps.get_model("core", "Region")
    municipality = apps.get_model("core", "Municipality")
    recode_old_kainuu_region(region, municipality)
    classification_apply(
        read_shipped_classification(), region_model=region, municipality_model=municipality
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0014_translations")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
