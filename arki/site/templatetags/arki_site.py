"""Template tags of the public website."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from arki.core.registry import PublicSection

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
