"""Community reporters in the Kainuu demo: two trained reporters and three stories.

One story is published with a photo (and its alt text), one waits for moderation, and one was
sent back with a reason and is being rewritten; each has its consents. Written through the
services, as the reporters and the facilitator would. The reporters' training is recorded as a
meeting of the process (the core's meetings), and its date on each reporter.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from arki.core.demo import DemoContext
from arki.core.enums import ConsentMethod, GroupKind
from arki.core.services.processes import meeting_create

from .services import stories as services
from .stories.enums import Decision

TRAINING_DAY = datetime.date(2015, 9, 10)


def _photo() -> SimpleUploadedFile:
    """A small drawn picture: a yellow bus stop sign on a snowy road at dusk."""
    image = Image.new("RGB", (640, 420), (40, 60, 110))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 420), fill=(235, 240, 245))
    draw.rectangle((300, 140, 310, 330), fill=(80, 80, 80))
    draw.rectangle((260, 90, 350, 150), fill=(250, 210, 40))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return SimpleUploadedFile("pysakki.jpg", out.getvalue(), content_type="image/jpeg")


def load_stories(ctx: DemoContext) -> None:
    process = ctx.process
    if process is None:
        return
    facilitator = ctx.users.get("fasilitaattori")
    people = list(process.people.filter(erased_at__isnull=True).order_by("code")[:2])
    if len(people) < 2:
        return
    training = meeting_create(
        process=process,
        date=TRAINING_DAY,
        groups=[GroupKind.PROJECT],
        place="Kajaanin kaupunginkirjasto",
        agenda=(
            "Yhteisöreportterien koulutus (2 päivää): tarinan kertominen, kuvaaminen ja "
            "äänittäminen älypuhelimella, suostumukset ja tietosuoja."
        ),
        by=facilitator,
    )
    reporters = [
        services.reporter_create(process=process, person=person, training=training, by=facilitator)
        for person in people
    ]
    first, second = reporters
    workshop = (
        process.workshops.filter(is_published=True).order_by("-position").first()
        or process.workshops.order_by("position").first()
    )

    # Published, with a photo: a rural bus stop and the ride to the health centre.
    story = services.story_create(
        reporter=first,
        title="Kyyti terveyskeskukseen",
        text=(
            "Asun kylällä 40 kilometrin päässä terveyskeskuksesta. Bussi kulkee kahdesti "
            "päivässä, ja aamun vuoro lähtee ennen kuin ajanvaraus aukeaa.\n\n"
            "Kun naapurin nuori lähti Arjen pelastajien kautta kyytiin mukaan, pääsin "
            "hammaslääkäriin ilman, että tytär otti vapaata töistä."
        ),
        language="fi",
        byline="Raili, Sotkamo",
        workshop=workshop,
    )
    services.media_add(
        story=story,
        reporter=first,
        kind="photo",
        upload=_photo(),
        alt_text="Keltainen pysäkkimerkki lumisen kylätien varressa iltahämärässä.",
    )
    services.consent_add(
        story=story,
        reporter=first,
        person_name="Raili (kertoja)",
        method=ConsentMethod.PAPER,
        given_on=datetime.date(2015, 10, 2),
        is_reporter=True,
    )
    services.story_submit(story=story, reporter=first)
    if facilitator is not None:
        services.story_moderate(story=story, decision=Decision.ACCEPT, by=facilitator)
        services.story_moderate(story=story, decision=Decision.PUBLISH, by=facilitator)

    # Waiting for moderation, in Swedish.
    waiting = services.story_create(
        reporter=second,
        title="Hemtjänsten kom i tid",
        text=(
            "Min mamma bor ensam i Kuhmo. Hemtjänsten kommer varje morgon, och i vintras "
            "hjälpte en frivillig henne att skotta trappan. Nu vågar hon gå till butiken igen."
        ),
        language="sv",
        byline="",
        workshop=workshop,
    )
    services.consent_add(
        story=waiting,
        reporter=second,
        person_name="Kertojan äiti",
        method=ConsentMethod.IN_PERSON,
        given_on=datetime.date(2015, 11, 14),
    )
    services.story_submit(story=waiting, reporter=second)

    # Sent back for changes, with the moderator's reason.
    changes = services.story_create(
        reporter=second,
        title="Jono puhelinpalveluun",
        text="Soitin ajanvaraukseen ja odotin 45 minuuttia. Hoitaja oli ystävällinen.",
        language="fi",
    )
    services.story_submit(story=changes, reporter=second)
    if facilitator is not None:
        services.story_moderate(
            story=changes,
            decision=Decision.CHANGES,
            reason=(
                "Kiitos tarinasta! Kirjaa vielä oma suostumuksesi, ja kerro halutessasi, "
                "miten asia lopulta ratkesi."
            ),
            by=facilitator,
        )
    ctx.log(
        f"Community reporters: {len(reporters)} (sign in at /impact/stories/{process.slug}/"
        f"reporter/ with the access code of {people[0].code} or {people[1].code})"
    )
