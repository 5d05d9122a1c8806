"""Seed the shared Finnish service catalogue (names in Finnish, Swedish and English).

The data is written out here, not imported, so that the migration keeps doing what it did
when it was written even if the app's code changes later.
"""

from django.db import migrations

# (category, sector, Finnish, Swedish, English)
CATALOGUE = [
    ("health", "public", "Terveysasema", "Hälsostation", "Health centre"),
    ("health", "public", "Hammashoitola", "Tandklinik", "Public dental clinic"),
    ("health", "public", "Laboratorio", "Laboratorium", "Laboratory"),
    ("health", "public", "Keskussairaala", "Centralsjukhus", "Central hospital"),
    ("health", "public", "Neuvola", "Rådgivning", "Maternity and child clinic"),
    ("health", "public", "Mielenterveyspalvelut", "Mentalvårdstjänster", "Mental health services"),
    ("health", "private", "Apteekki", "Apotek", "Pharmacy"),
    ("health", "private", "Yksityinen lääkäriasema", "Privat läkarstation", "Private medical centre"),
    ("health", "private", "Fysioterapia", "Fysioterapi", "Physiotherapy"),
    ("health", "private", "Optikko", "Optiker", "Optician"),
    ("social", "public", "Kotihoito", "Hemvård", "Home care"),
    ("social", "public", "Ateriapalvelu", "Måltidsservice", "Meal service"),
    ("social", "public", "Sosiaalitoimisto", "Socialbyrå", "Social welfare office"),
    ("social", "public", "Päiväkeskus", "Dagcenter", "Day centre"),
    ("social", "public", "Kela", "FPA", "Kela (social insurance)"),
    ("social", "third", "Seurakunnan diakoniatyö", "Församlingens diakoni", "Parish diaconal work"),
    ("social", "public", "Nuorisotalo", "Ungdomsgård", "Youth centre"),
    ("sports", "public", "Uimahalli", "Simhall", "Swimming hall"),
    ("sports", "public", "Kuntosali (kunnan)", "Gym (kommunens)", "Municipal gym"),
    ("sports", "private", "Kuntosali (yksityinen)", "Gym (privat)", "Private gym"),
    ("sports", "public", "Liikuntahalli", "Idrottshall", "Sports hall"),
    ("sports", "public", "Latu ja ulkoilureitit", "Skidspår och friluftsleder", "Ski tracks and trails"),
    ("sports", "third", "Urheiluseura", "Idrottsförening", "Sports club"),
    ("sports", "third", "Eläkeläisten jumppa", "Pensionärsgympa", "Seniors' exercise group"),
    ("culture", "public", "Kirjasto", "Bibliotek", "Library"),
    ("culture", "public", "Kansalaisopisto", "Medborgarinstitut", "Adult education centre"),
    ("culture", "public", "Koulu tai oppilaitos", "Skola eller läroanstalt", "School or college"),
    ("culture", "public", "Musiikkiopisto", "Musikinstitut", "Music school"),
    ("culture", "private", "Elokuvateatteri", "Biograf", "Cinema"),
    ("culture", "third", "Seurakunnan toiminta", "Församlingens verksamhet", "Parish activities"),
    ("culture", "third", "Kyläyhdistys", "Byförening", "Village association"),
    ("culture", "third", "Eläkeläisjärjestö", "Pensionärsförening", "Pensioners' association"),
    ("transport", "public", "Linja-auto", "Buss", "Bus service"),
    ("transport", "public", "Palveluliikenne", "Servicetrafik", "Service transport"),
    ("transport", "private", "Taksi", "Taxi", "Taxi"),
    ("transport", "private", "Juna ja asema", "Tåg och station", "Train and station"),
    ("transport", "private", "Autokorjaamo", "Bilverkstad", "Car repair shop"),
    ("transport", "public", "Tienhoito ja auraus", "Vägunderhåll och plogning", "Road upkeep and snow ploughing"),
    ("commerce", "private", "Ruokakauppa", "Matbutik", "Grocery shop"),
    ("commerce", "private", "Kauppa-auto", "Butiksbil", "Mobile shop"),
    ("commerce", "private", "Pankki", "Bank", "Bank"),
    ("commerce", "private", "Verkkopankki", "Nätbank", "Online bank"),
    ("commerce", "private", "Verkkokauppa", "Nätbutik", "Online shop"),
    ("commerce", "private", "Rautakauppa", "Järnhandel", "Hardware shop"),
    ("commerce", "private", "Kahvila tai ravintola", "Kafé eller restaurang", "Café or restaurant"),
    ("everyday", "private", "Posti", "Posten", "Post office"),
    ("everyday", "private", "Kampaamo", "Frisör", "Hairdresser"),
    ("everyday", "private", "Sähkö ja vesi", "El och vatten", "Electricity and water"),
    ("everyday", "public", "Jäteasema", "Avfallsstation", "Waste station"),
    ("everyday", "private", "Huoltoasema", "Bensinstation", "Petrol station"),
    ("everyday", "public", "Kunnan asiointipiste", "Kommunens servicepunkt", "Municipal service point"),
    ("everyday", "informal", "Naapuriapu", "Grannhjälp", "Help from neighbours"),
    ("everyday", "informal", "Sukulaisten apu", "Hjälp av släktingar", "Help from relatives"),
    ("everyday", "informal", "Ystävän kyyti", "Skjuts av en vän", "A lift from a friend"),
]


def seed(apps, schema_editor):
    """Add the catalogue services that are missing (safe to run again)."""
    Service = apps.get_model("insight", "Service")
    existing = set(Service.objects.filter(process__isnull=True).values_list("name", flat=True))
    Service.objects.bulk_create(
        [
            Service(name=fi, name_sv=sv, name_en=en, category=category, sector=sector)
            for category, sector, fi, sv, en in CATALOGUE
            if fi not in existing
        ]
    )


def unseed(apps, schema_editor):
    Service = apps.get_model("insight", "Service")
    Service.objects.filter(process__isnull=True, name__in=[row[2] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("insight", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
