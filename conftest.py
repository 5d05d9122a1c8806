"""Fixtures shared by every app's tests: processes, users by role, and real Chromium.

Browser tests need Debian's Chromium at /usr/bin/chromium (or ARKI_CHROMIUM). Without it they
are skipped on a user's machine with one clear line; under CI=true they must run, so a
missing browser fails the run instead.
"""

from __future__ import annotations

import datetime
import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable
# from the test body, which only ever runs synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ARKI_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
_skipped_browser: list[str] = []


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)


_skipped_postgres: list[str] = []


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    if not on_postgresql():
        # Real parallel transactions (row locks) are PostgreSQL's; CI runs them there.
        marker = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(marker)
                _skipped_postgres.append(item.nodeid)
    if chromium_available():
        return
    if IN_CI:
        raise pytest.UsageError(f"CI=true but Chromium is missing at {CHROMIUM}.")
    marker = pytest.mark.skip(reason=f"browser tests need Chromium at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(marker)
            _skipped_browser.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped_browser:
        terminalreporter.write_line(
            f"SKIPPED {len(_skipped_browser)} browser tests: Chromium not found at {CHROMIUM} "
            "(install Debian's 'chromium' package to run them).",
            yellow=True,
        )
    if _skipped_postgres:
        terminalreporter.write_line(
            f"SKIPPED {len(_skipped_postgres)} PostgreSQL concurrency tests: the database is "
            "not PostgreSQL (run with DATABASE_URL=postgres://… to include them).",
            yellow=True,
        )


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in Finnish: a request in another language must not leak into the
    next test through the thread's active language (reverse() would build /en/... URLs)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Wrong-code counters (arki.core.throttle) live in the cache: each test starts with none.
    A database cache is rolled back with the test's transaction; any other cache is cleared."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    cache = caches["default"]
    if not isinstance(cache, DatabaseCache):
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _shared_cache_left_empty(request):
    """The tests use the database cache, as a default install does (config/settings/test.py).
    A test in a transaction leaves nothing behind; a transactional one (browser tests)
    commits, so its throttle counters are cleared before its database is flushed."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a finished log-in, which for staff whose roles
    need a second factor includes the code (arki/core/twofactor.py): tests of pages then see
    the page, not the code prompt. The production rule is untouched; tests of the log-in
    itself use `client.login()` or the real form."""
    from django.test.client import ClientMixin

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from arki.core.permissions import requires_second_factor
        from arki.core.testing import pass_second_factor

        if requires_second_factor(user):
            pass_second_factor(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


# --- domain fixtures ----------------------------------------------------------------------


@pytest.fixture
def municipalities(db):
    """The eight Kainuu municipalities (re-seeded: transactional tests flush the migration's)."""
    from arki.core.kainuu import seed_kainuu
    from arki.core.models import Municipality, Region

    seed_kainuu(Region, Municipality)
    return {m.name: m for m in Municipality.objects.all()}


@pytest.fixture
def process(db, municipalities):
    from arki.core.kainuu import PILOT_CODES
    from arki.core.models import Municipality, Region
    from arki.core.services.processes import process_create_from_template

    return process_create_from_template(
        template="kainuu-2014-2016",
        name="Testiprosessi",
        slug="testi",
        region=Region.objects.get(code="20"),
        municipalities=list(Municipality.objects.filter(code__in=PILOT_CODES)),
        first_workshop_on=datetime.date(2014, 6, 12),
        is_public=True,
    )


@pytest.fixture
def make_user(db):
    """make_user(role, process=None, municipality=None, username=None) -> User with that role."""
    from arki.core.models import User
    from arki.core.services.people import role_assign

    counter = {"n": 0}

    def make(role=None, *, process=None, municipality=None, username=None, superuser=False):
        counter["n"] += 1
        user = User.objects.create_user(
            username=username or f"{role or 'user'}{counter['n']}",
            password="pw-for-tests-1",
            is_superuser=superuser,
            is_staff=superuser,
        )
        if role is not None:
            role_assign(user=user, role=role, process=process, municipality=municipality)
        return user

    return make


@pytest.fixture
def make_person(db):
    from arki.core.services.people import person_create

    def make(process, municipality, age_band="75-84", **fields):
        return person_create(
            process=process, municipality=municipality, age_band=age_band, **fields
        )

    return make


# --- browser fixtures ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    """Open isolated browser contexts (separate people); all are closed after the test.

    Every page is watched for Content-Security-Policy violations, which Chromium reports on
    the console ("Refused to … because it violates the following Content Security Policy
    directive"): a test whose pages broke the policy fails, so a new inline script, handler
    or style attribute cannot slip in unnoticed (the policy is in config/settings/base.py).
    """
    contexts = []
    violations: list[str] = []

    def watch(page):
        def on_console(message):
            if "Content Security Policy" in message.text:
                violations.append(f"{page.url}: {message.text}")

        page.on("console", on_console)

    def make(**options):
        options.setdefault("locale", "fi-FI")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.on("page", watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def phone(new_context):
    """A page in a phone-sized context (a resident's own phone)."""
    return new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


#: Every `aria-describedby` / `aria-labelledby` id that names no element on the page: a
#: screen reader then reads nothing where the page meant to explain a field or an error.
_DANGLING_ARIA_REFS_JS = """() => {
  const missing = [];
  for (const attr of ["aria-describedby", "aria-labelledby"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          missing.push(`${el.tagName.toLowerCase()}#${el.id} ${attr}=${id}`);
        }
      }
    }
  }
  return missing;
}"""


_AXE_ATTEMPTS = 3

#: What Chromium says when a script runs while the page's document is being replaced.
_REPLACED_DOCUMENT_ERRORS = (
    "Execution context was destroyed",
    "Cannot read properties of null (reading 'documentElement')",
    "Cannot find context with specified id",
)


def _replaced_mid_check(error):
    return any(text in str(error) for text in _REPLACED_DOCUMENT_ERRORS)


@pytest.fixture
def axe_check():
    """axe_check(page): assert that axe-core finds no accessibility violations on the page,
    and that every `aria-describedby`/`aria-labelledby` points at an element that exists
    (axe leaves a missing description to manual review)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    axe = Axe()

    def check(page, context=None):
        # A click returns before the page it leads to has loaded (Playwright waits at most
        # for the navigation to commit, and not for one a script starts after the click), so
        # axe may start on a document being replaced. Wait for the page that arrives and
        # check that one (a few times at most; any other error raises at once).
        for attempt in range(_AXE_ATTEMPTS):
            page.wait_for_load_state()
            try:
                results = axe.run(page, context=context)
                dangling = page.evaluate(_DANGLING_ARIA_REFS_JS)
                break
            except PlaywrightError as error:
                if attempt == _AXE_ATTEMPTS - 1 or not _replaced_mid_check(error):
                    raise
        assert results.violations_count == 0, results.generate_report()
        assert dangling == [], f"aria references to missing elements on {page.url}: {dangling}"

    return check


@pytest.fixture
def login(live_server):
    """login(page, user): log a user in through the real log-in form."""

    def do_login(page, user, password="pw-for-tests-1"):
        """Staff whose roles need a second factor get an authenticator device here and type
        its current code on the second step, as they would from their phone."""
        from django_otp.oath import totp
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from arki.core.permissions import requires_second_factor

        device = None
        if requires_second_factor(user):
            # A new device per log-in: a code is accepted once per device and 30-second
            # step, and a test may log the same person in twice (projector and desk).
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", user.get_username())
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        if device is not None:
            page.fill("#id_token", f"{totp(device.bin_key):06d}")
            page.click("main button[type=submit]")
            page.wait_for_load_state()

    return do_login
