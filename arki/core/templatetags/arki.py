"""Template helpers shared by every Arki app."""

from django import template

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """`{{ workshop|tr:"results_summary" }}`: the field in the active language, or Finnish."""
    return obj.tr(field) if obj is not None else ""


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
def seconds_clock(value) -> str:
    """Seconds as a clock, "m:ss" (the live timer)."""
    try:
        seconds = max(0, int(value))
    except (TypeError, ValueError):
        return ""
    return f"{seconds // 60}:{seconds % 60:02d}"
