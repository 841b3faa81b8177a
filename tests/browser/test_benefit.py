"""The benefit dashboard in a real browser, in Swedish and English: charts and tables (with
requests for a person, reconsiderations, appeals, the survey and staff hours saved), no
WCAG 2.1 AA violations (axe-core); and the one-question survey on a decided case."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import login_as
from .test_appeals import ANNA, decided_case, new_page

pytestmark = pytest.mark.browser


def _loans_last_month() -> None:
    """Six loans picked up last month in a pool of their own (the loan section)."""
    import datetime

    from django.utils import timezone

    from digikommun.lending.models import Pool

    from ..transparency.test_benefit_loans import _loan

    first = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    base = timezone.make_aware(datetime.datetime.combine(first, datetime.time(10)))
    pool = Pool.objects.create(key="benefit-browser", config={})
    for seq in range(1, 7):
        _loan(pool, seq, base, offered=base, picked_up=base + datetime.timedelta(days=1))


def test_the_benefit_dashboard_is_accessible_in_both_languages(site, page, browser, axe):
    from digikommun.transparency.demo_history import demo_history_ensure

    demo_history_ensure(months=4)
    _loans_last_month()
    page.goto(f"{site}/benefit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vad e-tjänsterna ger")
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("table#table-ekonomiskt-bistand tbody tr").first).to_be_visible()
    expect(page.locator("table#table-ekonomiskt-bistand-reviews tbody tr").first).to_be_visible()
    expect(page.locator("svg#chart-ekonomiskt-bistand-hours")).to_be_visible()
    expect(page.locator("svg#chart-ekonomiskt-bistand-survey")).to_be_visible()
    expect(page.locator("svg#chart-loans-started")).to_be_visible()
    expect(page.locator("table#table-loans tbody tr").first).to_be_visible()
    axe.check(page, "benefit dashboard")
    english = browser.new_context(locale="en-GB")
    try:
        en = english.new_page()
        en.goto(f"{site}/benefit/")
        expect(en.get_by_role("heading", level=1)).to_have_text("What the e-services achieve")
        expect(en.get_by_role("columnheader", name="Staff hours saved").first).to_be_visible()
        axe.check(en, "benefit dashboard in English")
    finally:
        english.close()


def test_the_survey_after_a_decision_in_both_languages(site, browser, axe):
    from digikommun.transparency.models import SurveyAnswer

    cases = [decided_case(), decided_case()]
    for lang, case, score, heading in (
        ("sv", cases[0], "4", "Hur enkelt var det?"),
        ("en", cases[1], "5", "How easy was it?"),
    ):
        page = new_page(browser, lang)
        try:
            login_as(page, site, ANNA)
            page.goto(f"{site}/my-pages/cases/{case.pk}/#survey")
            survey = page.locator("section#survey")
            expect(survey.get_by_role("heading", level=2)).to_have_text(heading)
            axe.check(page, f"case page with the survey ({lang})")
            survey.get_by_role("radio", name=score, exact=True).check()
            survey.get_by_role("button").click()
            expect(survey.get_by_role("status")).to_be_visible()
            axe.check(page, f"survey answered ({lang})")
        finally:
            page.context.close()
    assert sorted(SurveyAnswer.objects.values_list("score", flat=True)) == [4, 5]


def test_the_survey_comments_on_the_staff_page_in_both_languages(site, browser, axe):
    """Staff read the survey's comments per service, newest first, masked and escaped."""
    from django.utils import timezone

    from digikommun.transparency.models import SurveyAnswer

    month = timezone.localdate().strftime("%Y-%m")
    for n, comment in enumerate(["Lätt att förstå.", "<b>Ring mig</b> på 070-123 45 67"]):
        SurveyAnswer.objects.create(
            decision_key=f"browser-{n}",
            service_id="ekonomiskt-bistand",
            month=month,
            score=4 - n,
            comment=comment,
        )
    for lang, heading in (("sv", "Kommentarer från enkäten"), ("en", "Comments from the survey")):
        page = new_page(browser, lang)
        try:
            login_as(page, site, "198103129816")
            page.goto(f"{site}/benefit/staff/#h-comments")
            expect(page.locator("#h-comments")).to_have_text(heading)
            items = page.locator("#comments-ekonomiskt-bistand li")
            expect(items).to_have_count(2)
            expect(items.first.locator("p").first).to_have_text("<b>Ring mig</b> på […]")
            expect(items.nth(1)).to_contain_text("Lätt att förstå.")
            axe.check(page, f"staff benefit page with the survey's comments ({lang})")
        finally:
            page.context.close()
