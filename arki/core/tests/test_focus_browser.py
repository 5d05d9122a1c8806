"""Keyboard users see where they are: every focus ring contrasts at least 3:1 with what is
around it (WCAG 2.1 1.4.11), measured in Chromium on the base template's pages.

The test tabs through every interactive element of the public front page and of a staff page
(header, language buttons, skip link, footer and content) and computes, in the browser, the
contrast between the element's focus outline colour and the first opaque background behind
it.
"""

from __future__ import annotations

import pytest

from arki.core.enums import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Returns [tag text, outline style, contrast] for the focused element.
_FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = c => {
    const m = c.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const channel = v => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  let bg = null;
  for (let node = el.parentElement; node; node = node.parentElement) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c[3] > 0.5) { bg = c; break; }
  }
  bg = bg || [255, 255, 255, 1];
  const style = getComputedStyle(el);
  const ring = parse(style.outlineColor);
  const [a, b] = [lum(ring), lum(bg)].sort((x, y) => y - x);
  const name = (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40);
  return [el.tagName.toLowerCase() + ": " + name, style.outlineStyle,
          Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100];
}"""


def _tab_through(page, limit: int = 60) -> list[list]:
    seen = []
    page.keyboard.press("Tab")
    for _ in range(limit):
        info = page.evaluate(_FOCUS_JS)
        if info is None or (seen and info[0] == seen[0][0]):
            break
        seen.append(info)
        page.keyboard.press("Tab")
    return seen


def _assert_visible_rings(focused: list[list]) -> None:
    assert len(focused) > 5, focused
    weak = [f for f in focused if f[1] == "none" or f[2] < 3.0]
    assert weak == [], f"focus rings below 3:1 or missing: {weak}"


def test_focus_rings_on_the_public_site(live_server, new_context, process):
    page = new_context().new_page()
    page.goto(f"{live_server.url}/fi/")

    _assert_visible_rings(_tab_through(page))


def test_focus_rings_on_a_staff_page(live_server, new_context, login, process, make_user):
    page = new_context().new_page()
    login(page, make_user(Role.FACILITATOR, process=process))
    page.goto(f"{live_server.url}/fi/staff/{process.slug}/")

    _assert_visible_rings(_tab_through(page))
