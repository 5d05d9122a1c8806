"""Publish (or unpublish) a persona from the command line, through the same service."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from arki.analysis import services
from arki.analysis.models import Persona


class Command(BaseCommand):
    help = "Publish a persona; refused when fewer participants than k support it."

    def add_arguments(self, parser):
        parser.add_argument("persona_id", type=int)
        parser.add_argument("--unpublish", action="store_true")

    def handle(self, *args, persona_id, unpublish, **options):
        persona = Persona.objects.filter(pk=persona_id).first()
        if persona is None:
            raise CommandError(f"No persona {persona_id}.")
        try:
            if unpublish:
                services.persona_unpublish(persona=persona, by=None)
            else:
                services.persona_publish(persona=persona, by=None)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        self.stdout.write(f"{persona.name}: {'draft' if unpublish else 'published'}")
