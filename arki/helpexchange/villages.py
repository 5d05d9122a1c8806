"""Villages and areas of the Kainuu municipalities with approximate coordinates.

Requests show only the village or area; matching measures distances between these points.
Coordinates are approximate (the village centre, to about a kilometre).
"""

# municipality code -> [(village, latitude, longitude)]
KAINUU_VILLAGES: dict[str, list[tuple[str, float, float]]] = {
    "105": [
        ("Hyrynsalmen keskusta", 64.6761, 28.4936),
        ("Ukkohalla", 64.7560, 28.3320),
        ("Moisiovaara", 64.5980, 28.6850),
        ("Karhulanvaara", 64.7420, 28.6110),
    ],
    "205": [
        ("Kajaanin keskusta", 64.2273, 27.7285),
        ("Lehtikangas", 64.2150, 27.6960),
        ("Teppana", 64.2290, 27.7160),
        ("Kuluntalahti", 64.2450, 27.7600),
        ("Vuolijoki", 64.1660, 27.0830),
        ("Otanmäki", 64.1170, 27.0850),
        ("Mainua", 64.1130, 27.4650),
    ],
    "290": [
        ("Kuhmon keskusta", 64.1250, 29.5183),
        ("Lentiira", 64.3500, 29.7800),
        ("Katerma", 63.9250, 29.4300),
        ("Ala-Vieksi", 64.2000, 29.2000),
        ("Vartius", 64.4900, 29.9500),
    ],
    "578": [
        ("Paltamon keskusta", 64.4050, 27.8364),
        ("Kontiomäki", 64.3450, 28.1350),
        ("Mieslahti", 64.4000, 27.6000),
        ("Melalahti", 64.4800, 27.8000),
    ],
    "620": [
        ("Puolangan keskusta", 64.8680, 27.6720),
        ("Joukokylä", 65.1000, 27.5000),
        ("Kotila", 64.9300, 27.3400),
    ],
    "697": [
        ("Ristijärven keskusta", 64.5058, 28.2150),
        ("Jokikylä", 64.5500, 28.2500),
        ("Härmänmäki", 64.5900, 28.0900),
    ],
    "765": [
        ("Sotkamon keskusta", 64.1311, 28.3903),
        ("Vuokatti", 64.1400, 28.2600),
        ("Naapurinvaara", 64.0500, 28.4500),
        ("Tipasoja", 64.2000, 28.6500),
        ("Juurikkalahti", 64.1800, 28.4800),
    ],
    "777": [
        ("Ämmänsaari", 64.8864, 28.9072),
        ("Ruhtinansalmi", 64.9900, 28.6300),
        ("Juntusranta", 65.1900, 29.4900),
        ("Hossa", 65.4700, 29.5500),
        ("Pesiö", 64.9700, 28.9600),
    ],
}


def seed_villages(municipality_model, village_model) -> None:
    """Create the villages (idempotent; used by the data migration and by tests, since
    transactional tests flush what migrations seeded)."""
    for municipality in municipality_model.objects.filter(code__in=KAINUU_VILLAGES):
        for name, lat, lon in KAINUU_VILLAGES[municipality.code]:
            village_model.objects.get_or_create(
                municipality=municipality, name=name, defaults={"latitude": lat, "longitude": lon}
            )
