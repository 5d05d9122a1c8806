"""Facts about Kainuu used by the seed migration and the demo (official codes and places)."""

# Kainuu's wellbeing services county as Statistics Finland's classification names it (code 20;
# the demo once used the region's maakunta code 18, which is Central Ostrobothnia's county code:
# migration 0013 recodes such a row). Same names as arki/core/data's shipped file.
REGION = {
    "code": "20",
    "name": "Kainuun hyvinvointialue",
    "name_sv": "Kajanalands välfärdsområde",
    "name_en": "Kainuu wellbeing services county",
}
#: The code the demo's Kainuu region had before the classification was shipped.
OLD_REGION_CODE = "18"

# (official code, name, Swedish name, abbreviation, latitude, longitude)
MUNICIPALITIES = [
    ("105", "Hyrynsalmi", "Hyrynsalmi", "HYR", 64.6761, 28.4936),
    ("205", "Kajaani", "Kajana", "KAJ", 64.2273, 27.7285),
    ("290", "Kuhmo", "Kuhmo", "KUH", 64.1250, 29.5183),
    ("578", "Paltamo", "Paltamo", "PAL", 64.4050, 27.8364),
    ("620", "Puolanka", "Puolanka", "PUO", 64.8680, 27.6720),
    ("697", "Ristijärvi", "Ristijärvi", "RIS", 64.5058, 28.2150),
    ("765", "Sotkamo", "Sotkamo", "SOT", 64.1311, 28.3903),
    ("777", "Suomussalmi", "Suomussalmi", "SUO", 64.8864, 28.9072),
]

# The seven pilot municipalities of the brief (Puolanka was not among them).
PILOT_CODES = ["105", "205", "290", "578", "697", "765", "777"]


def seed_kainuu(region_model, municipality_model) -> None:
    """Create or update the Kainuu region and its municipalities (idempotent).

    Takes the model classes so that the data migration can pass its historical models.
    """
    region, _created = region_model.objects.update_or_create(code=REGION["code"], defaults=REGION)
    for code, name, name_sv, abbreviation, lat, lon in MUNICIPALITIES:
        municipality_model.objects.update_or_create(
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


def recode_old_kainuu_region(region_model, municipality_model) -> None:
    """Give a Kainuu region seeded under its maakunta code 18 its county code 20 (idempotent).

    Only the demo's row is touched: code 18 holding Kajaani (205), with no county 20 yet. Its
    primary key stays, so processes, contacts and participants keep pointing at it.
    """
    old = region_model.objects.filter(code=OLD_REGION_CODE).first()
    if old is None or region_model.objects.filter(code=REGION["code"]).exists():
        return
    if not municipality_model.objects.filter(region=old, code="205").exists():
        return
    old.code = REGION["code"]
    old.save(update_fields=["code"])
