"""Template tags of the public website."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from arki.core.registry import PublicSection, registry

from ..selectors import target_group_labels

register = template.Library()


@register.simple_tag(takes_context=True)
def public_section(context: template.Context, section: PublicSection) -> SafeString:
    """Render a tool's section like `{% include section.template with **section.context %}`.

    Django's include cannot spread a mapping into keyword arguments, so this tag pushes the
    tool's context on top of the page's and renders the tool's template with it.
    """
    assert context.template is not None  # always set while a template is rendering
    tpl = context.template.engine.get_template(section.template)
    with context.push(**section.context):
        return tpl.render(context)


@register.filter
def tr(obj: object, field: str) -> str:
    """`{{ process|tr:"description" }}`: the field in the active language, Finnish fallback."""
    return obj.tr(field)  # type: ignore[attr-defined]


@register.filter
def target_groups(workshop: object) -> list[str]:
    """Translated target-group names of a workshop."""
    return target_group_labels(workshop)  # type: ignore[arg-type]


@register.simple_tag
def process_public_links(process: Any) -> list[tuple[str, str]]:
    """(label, address) of every installed tool's public page of the process, in registry
    order, for the process's navigation."""
    return [
        (str(link.label), reverse(link.url_name, args=[process.slug]))
        for link in registry.public_links()
    ]
