"""Content-Security-Policy and Referrer-Policy on every page, and templates that need no
'unsafe-inline': no inline script, no on*= handler, no style attribute, no eval for htmx.

The browser tests run under the same policy; conftest.py's `new_context` fails a test on any
violation Chromium reports.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from arki.core.enums import Role
from arki.core.services.live import session_open

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value, *_ in ([*d, ""] for d in directives)}


def assert_strict(response, url: str) -> None:
    directives = policy(response)
    for name, value in STRICT.items():
        assert directives.get(name) == value, f"{url}: {name} is {directives.get(name)!r}"
    assert "unsafe" not in response.headers["Content-Security-Policy"], url
    assert response.headers["Referrer-Policy"] == "same-origin", url


@pytest.mark.django_db
def test_public_and_participant_pages_send_the_strict_policy(client, process):
    session = session_open(workshop=process.workshops.get(position=1), by=None)
    urls = [
        reverse("site:index"),
        reverse("site:process", args=[process.slug]),
        reverse("site:privacy"),
        reverse("login"),
        reverse("live:join_start"),
        reverse("live:join", args=[session.code]),
        "/health/",
        "/no-such-page/",
    ]
    for url in urls:
        assert_strict(client.get(url), url)
    client.post(reverse("live:join", args=[session.code]), {"name": "Aino"})
    for url in (
        reverse("live:participant", args=[session.code]),
        reverse("live:participant_fragment", args=[session.code]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response, url)


@pytest.mark.django_db
def test_every_staff_page_linked_from_the_process_page_sends_the_strict_policy(
    client, process, make_user
):
    """The process page links every installed tool's pages, so this follows new tools."""
    client.force_login(make_user(Role.FACILITATOR, process=process))
    session = session_open(workshop=process.workshops.get(position=1), by=None)
    start = [
        reverse("core:dashboard"),
        reverse("core:process_detail", args=[process.slug]),
        reverse("core:session_console", args=[session.code]),
        reverse("core:projector", args=[session.code]),
    ]
    seen: set[str] = set()
    for url in start:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response, url)
        seen.add(url)
    page = client.get(reverse("core:process_detail", args=[process.slug])).content.decode()
    links = sorted(set(re.findall(r'href="(/staff/[^"#?]*)"', page)) - seen)
    assert len(links) >= 5, links
    for url in links:
        response = client.get(url)
        if response.status_code == 200:
            assert_strict(response, url)


def app_templates() -> list[Path]:
    files: list[Path] = []
    for config in apps.get_app_configs():
        if config.name.startswith("arki."):
            files += sorted((Path(config.path) / "templates").rglob("*.html"))
    return files


# A downloaded, stand-alone document (Content-Disposition: attachment) is never rendered
# under the policy: its own <style> element is allowed. So are the PDF templates
# (`<app>/pdf/`, core/pdf.py): WeasyPrint reads them, no browser ever does.
STANDALONE = {"core/gdpr/export.html"}


def standalone(name: str) -> bool:
    return name in STANDALONE or name.split("/")[1:2] == ["pdf"]


FORBIDDEN = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "on*= event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "htmx eval (hx-on, [filter], js:)": re.compile(
        r"hx-on|hx-trigger=\"[^\"]*\[|hx-vals=['\"]js:|hx-vars", re.I
    ),
}


def test_no_template_needs_unsafe_inline_or_eval():
    templates = app_templates()
    assert len(templates) > 50
    problems = []
    for path in templates:
        name = path.as_posix().split("/templates/", 1)[1]
        text = path.read_text(encoding="utf-8")
        for what, pattern in FORBIDDEN.items():
            problems += [f"{name}: {what}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
        if not standalone(name) and re.search(r"<style[\s>]", text, re.I):
            problems.append(f"{name}: inline <style> element")
    assert problems == []


def test_htmx_is_configured_not_to_inject_styles_or_eval(client, db):
    page = client.get(reverse("login")).content.decode()
    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, '
        '"allowEval": false}\'>' in page
    )
