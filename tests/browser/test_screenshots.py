"""Screenshots of the family pages for the README (docs/screenshots/), from the demo data.

Run by `make screenshots`; not part of `make test`, which must not rewrite tracked files.
"""

import os
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, settle

SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR", "")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not SCREENSHOTS_DIR, reason="set SCREENSHOTS_DIR (make screenshots) to write them"
    ),
]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots(demo_site, browser, language, device, viewport):
    from directory.models import Offer

    offer = Offer.objects.get(name="Hebammensprechstunde Mitte")
    pages = {
        "home": "/",
        "results": "/angebote/?life_stage=infant&cost=free",
        "offer": f"/angebote/{offer.slug}/",
    }
    if device == "desktop":
        pages["map"] = "/angebote/?view=map&life_stage=infant"
        pages["life-stage"] = "/baby-und-kleinkind/"
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    target = Path(SCREENSHOTS_DIR)
    target.mkdir(parents=True, exist_ok=True)
    for name, path in pages.items():
        response = page.goto(f"{demo_site.url}/{language}{path}")
        assert response.status == 200
        settle(page)
        page.screenshot(path=target / f"{name}-{device}-{language}.png", full_page=False)
    context.close()


def test_admin_report_screenshots(demo_site, browser, django_user_model):
    """The coordinator's gap report and the search insights, with sample search counts."""
    import datetime
    import random

    from django.utils import timezone

    from directory.models import District
    from search.insights import Kind, week_of
    from search.models import SearchWeekCount

    rng = random.Random(7)
    this_week = week_of(timezone.localdate())
    for weeks_ago in range(12):
        week = this_week - datetime.timedelta(weeks=weeks_ago)
        searches = rng.randint(180, 320)
        SearchWeekCount.objects.create(week=week, kind=Kind.SEARCH, value="", count=searches)
        SearchWeekCount.objects.create(
            week=week, kind=Kind.ZERO, value="", count=rng.randint(12, 40)
        )
    for term, count in [("logopaedie", 9), ("zahnspange", 6), ("babysitter", 4)]:
        SearchWeekCount.objects.create(week=this_week, kind=Kind.ZERO, value=term, count=count)
    for term, count in [("kita", 31), ("hebamme", 22), ("nachhilfe", 17)]:
        SearchWeekCount.objects.create(week=this_week, kind=Kind.TERM, value=term, count=count)
    django_user_model.objects.create_superuser("koordination", "k@example.org", "pw")
    mitte = District.objects.get(name="Mitte")

    context = browser.new_context(viewport=DESKTOP, locale="de-DE")
    page = context.new_page()
    page.goto(f"{demo_site.url}/admin/login/")
    page.fill("#id_username", "koordination")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    target = Path(SCREENSHOTS_DIR)
    for name, path in [
        ("gap-report", "/admin/reports/gaps/"),
        ("gap-report-district", f"/admin/reports/gaps/?district={mitte.pk}&language=ar"),
        ("search-insights", "/admin/reports/search/"),
    ]:
        assert page.goto(demo_site.url + path).status == 200
        page.screenshot(path=target / f"{name}-desktop-de.png", full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_phone_320_screenshots(demo_site, browser, language):
    """The narrowest phone: home, results, an offer with a long German name, the shared
    list, and page 1 of the referral sheet PDF as printed."""
    import shutil
    import subprocess

    from directory.models import Offer

    offer = Offer.objects.get(slug="bewegungskindergarten-nachmittag-eilendorf")
    target = Path(SCREENSHOTS_DIR)
    target.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 320, "height": 700}, device_scale_factor=1)
    page = context.new_page()
    for name, path in {
        "home": "/",
        "results": "/angebote/?life_stage=preschool",
        "offer": f"/angebote/{offer.slug}/",
    }.items():
        assert page.goto(f"{demo_site.url}/{language}{path}").status == 200
        page.screenshot(path=target / f"phone320-{name}-{language}.png")
    for other in Offer.objects.filter(slug__startswith="bewegungskindergarten")[:2]:
        page.request.post(
            f"{demo_site.url}/de/merkliste/aendern/", form={"offer": other.slug, "action": "add"}
        )
    page.goto(f"{demo_site.url}/{language}/merkliste/")
    page.select_option("#id_language", language)
    page.click("button[name=share]")
    page.screenshot(path=target / f"phone320-shared-list-{language}.png")
    if shutil.which("pdftoppm"):
        page.goto(f"{demo_site.url}/{language}/merkliste/")
        page.select_option("#id_language", language)
        with page.expect_download() as download:
            page.click("button[name=pdf]")
        pdf = target / f"sheet-{language}.pdf"
        download.value.save_as(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                "-singlefile",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(target / f"sheet-pdf-page1-{language}"),
            ],
            check=True,
        )
        pdf.unlink()
    context.close()
