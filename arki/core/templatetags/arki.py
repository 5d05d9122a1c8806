"""Template helpers shared by every Arki app."""

from django import template

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """`{{ workshop|tr:"results_summary" }}`: the field in the active language, or Finnish."""
    return obj.tr(field) if obj is not None else ""


@register.filter
def tr_marked(obj, field: str) -> str:
    """`{{ obj|tr_marked:"field" }}` in running text: `tr`, and when the Finnish text stands in
    for a missing Swedish or English version, wrapped in `<span lang="fi">`."""
    from django.utils.html import conditional_escape, format_html

    if obj is None:
        return ""
    if obj.tr_is_fallback(field):
        return format_html('<span lang="fi">{}</span>', obj.tr(field))
    return conditional_escape(obj.tr(field))


@register.filter
def lang_of(obj, field: str) -> str:
    """` lang="fi"` on the element that shows `{{ obj|tr:"field" }}` when the Finnish text
    stands in for a missing Swedish or English version, so screen readers switch voice:
    `<h1{{ action|lang_of:"title" }}>{{ action|tr:"title" }}</h1>`."""
    from django.utils.safestring import mark_safe

    if obj is not None and obj.tr_is_fallback(field):
        return mark_safe(' lang="fi"')
    return ""


@register.filter
def percent(part, whole) -> int:
    try:
        return round(100 * part / whole) if whole else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def data_html(value) -> str:
    """Nested dicts and lists (a GDPR export) as readable, escaped HTML lists."""
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe

    if isinstance(value, dict):
        if not value:
            return mark_safe("–")
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "", "<dt>{}</dt><dd>{}</dd>", ((k, data_html(v)) for k, v in value.items())
            ),
        )
    if isinstance(value, list | tuple):
        if not value:
            return mark_safe("–")
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((data_html(v),) for v in value))
        )
    return format_html("{}", "–" if value in (None, "") else value)


@register.filter
def bar_width(value) -> int:
    """A bar's width as a whole percent 0–100, for the `w-N` classes in arki.css.

    The Content-Security-Policy forbids inline `style` attributes (they are an injection
    channel), so bar lengths are classes instead of `style="width: …"`.
    """
    try:
        return max(0, min(100, round(float(value))))
    except (TypeError, ValueError):
        return 0


@register.filter
def described(field):
    """The field's widget with `aria-describedby` naming its hint and its error, both of which
    arki/form.html renders (`<id>_helptext`, `<id>_error`), and `aria-invalid` when it has
    errors, so a screen reader reads the reason next to the field it belongs to.

    Django adds `aria-describedby="<id>_helptext"` itself only for a help text; the error
    would be left unannounced.
    """
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def time_span(start, end=None) -> str:
    """`{% time_span start end %}`: a localised span that names the end date when it differs."""
    from arki.core.formats import time_span as format_span

    return format_span(start, end) if start else ""


@register.filter
def seconds_clock(value) -> str:
    """Seconds as a clock, "m:ss" (the live timer)."""
    try:
        seconds = max(0, int(value))
    except (TypeError, ValueError):
        return ""
    return f"{seconds // 60}:{seconds % 60:02d}"
