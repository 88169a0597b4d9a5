"""In Debian's Chromium at 390 × 844 px (a phone): the header stays compact, every visible control
is a target of at least 24 × 24 px or spaced as WCAG 2.2 2.5.8 allows, and axe-core finds no
violation, on the main pages of a mentor's and a lead's day; the menu opens without script."""

import pytest
from playwright.sync_api import expect

from lotse.cases.tests.factories import MenteeFactory, ResidenceStatusFactory
from lotse.employers.tests.factories import EmployerFactory, VacancyFactory
from lotse.journal.tests.factories import JournalEntryFactory
from lotse.placements.tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HEADER_MAX = 90  # px at 390 px width (185 px before the menu folded away)

# Every visible target smaller than 24 × 24 px whose 24 px circle, centred on it, meets another
# target or another undersized target's circle (WCAG 2.2 2.5.8 "Spacing"). Links inline in a
# sentence (in p or li text) are exempt ("Inline").
SMALL_TARGETS_JS = """
() => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, " +
                   "label:has(input[type=checkbox]), label[for]";
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden";
  };
  const inline = (el) => el.tagName === "A" && getComputedStyle(el).display === "inline" &&
                          el.closest("p, li") !== null &&
                          el.closest("p, li").textContent.trim() !== el.textContent.trim();
  const labelFor = (el) => el.tagName === "LABEL" &&
      !(el.control && el.control.type === "checkbox") && !el.querySelector("input");
  const targets = [...document.querySelectorAll(selector)]
      .filter(visible).filter((el) => !labelFor(el));
  const boxes = targets.map((el) => {
    const r = el.getBoundingClientRect();
    return {el, r, cx: r.left + r.width / 2, cy: r.top + r.height / 2,
            small: (r.width < 23.5 || r.height < 23.5) && !inline(el)};
  });
  const distToRect = (x, y, r) => Math.hypot(
      Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const related = (a, b) => a.contains(b) || b.contains(a) ||
      (a.tagName === "LABEL" && a.control === b) || (b.tagName === "LABEL" && b.control === a);
  const failures = [];
  for (const t of boxes.filter((b) => b.small)) {
    const clash = boxes.find((o) => o !== t && !related(o.el, t.el) && (o.small
        ? Math.hypot(o.cx - t.cx, o.cy - t.cy) < 24
        : distToRect(t.cx, t.cy, o.r) < 12));
    if (clash) {
      failures.push(`${t.el.tagName.toLowerCase()} "${(t.el.textContent || t.el.name || "")
        .trim().slice(0, 40)}" ${Math.round(t.r.width)}×${Math.round(t.r.height)} near ` +
        `${clash.el.tagName.toLowerCase()} "${(clash.el.textContent || "").trim().slice(0, 30)}"`);
    }
  }
  return failures;
}
"""


def header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def check_phone_page(page, assert_accessible, path: str) -> None:
    page.goto(f"{page.base_url}{path}")
    assert page.url.endswith(path.split("#")[0]) or path in page.url, page.url
    assert header_height(page) <= HEADER_MAX, f"header {header_height(page)} px on {path}"
    failures = page.evaluate(SMALL_TARGETS_JS)
    assert not failures, f"targets under 24 × 24 px on {path}:\n" + "\n".join(failures)
    assert_accessible(page)


def test_a_leads_day_on_a_phone(browser_page, login, assert_accessible, lena, alice, project_a):
    mentee = MenteeFactory(project=project_a, mentor=alice, first_name="Amal", last_name="Haddad")
    ResidenceStatusFactory(mentee=mentee)
    for _ in range(3):
        JournalEntryFactory(mentee=mentee)
    employer = EmployerFactory(project=project_a)
    vacancy = VacancyFactory(employer=employer)
    ApplicationFactory(mentee=mentee, vacancy=vacancy)
    page = browser_page
    page.set_viewport_size(PHONE)
    login(page, lena)

    menu = page.locator("details.site-menu")
    assert not menu.get_by_role("link", name="Team").is_visible()
    page.get_by_text("Menü", exact=True).click()  # a <details>: opens without script
    expect(menu.get_by_role("link", name="Team")).to_be_visible()

    for path in [
        "/journal/today/",
        "/mentees/",
        f"/mentees/{mentee.public_id}/",
        f"/journal/{mentee.public_id}/",
        "/placements/",
        f"/employers/{employer.public_id}/",
        f"/vacancies/{vacancy.public_id}/",
        "/reports/",
        "/mentees/desk/",
    ]:
        check_phone_page(page, assert_accessible, path)

    page.goto(f"{page.base_url}/mentees/")
    assert not page.get_by_role("button", name="Anzeigen").is_visible()  # the filters are folded
    page.get_by_text("Suchen und filtern", exact=True).click()
    expect(page.get_by_role("button", name="Anzeigen")).to_be_visible()


def test_the_wide_screen_shows_the_menu_and_filters_unfolded(browser_page, login, alice):
    page = browser_page
    # A long name (the factories' are random) must not push the menu onto a second row.
    alice.first_name, alice.last_name = "Alexandra-Josephine", "Möchlichen-Schwarzenberger"
    alice.save()
    login(page, alice)
    expect(page.get_by_role("link", name="Mentees", exact=True)).to_be_visible()
    assert not page.get_by_text("Menü", exact=True).is_visible()
    page.goto(f"{page.base_url}/mentees/")
    expect(page.get_by_role("button", name="Anzeigen")).to_be_visible()
    assert header_height(page) <= HEADER_MAX
