"""Reflow (WCAG 1.4.10): at 320 CSS pixels no public page of the demo directory needs
sideways scrolling, in any of the five languages. Long German compounds must hyphenate
or wrap instead of running off the screen.

Every page in German, whose texts every language shows where an offer has no
translation. In the other four languages every page kind, provider and life stage and
every offer translated into that language: what differs from the German page is the
interface's own text, the direction (Arabic) and the translated offer texts. Walking all
169 offers in all five languages cost 215 s of test time per run (of ~1,000 s on two
workers) and found nothing the German walk had not.
"""

import pytest
from django.conf import settings

from cms.models import LifeStagePage
from directory.models import Offer, Provider

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
OTHER_LANGUAGES = [code for code in LANGUAGES if code != settings.LANGUAGE_CODE]
# Reading the width in the page: a page wider than the viewport scrolls sideways.
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def public_paths(language: str) -> list[str]:
    """The pages walked in this language (see above), without the language prefix."""
    public = Offer.objects.public().order_by("slug")
    providers = Provider.objects.filter(offers__in=public).distinct().order_by("slug")
    stages = LifeStagePage.objects.live().specific()
    offers = public
    if language != settings.LANGUAGE_CODE:
        offers = public.filter(translations__language=language).distinct()
    return [
        "/",
        "/angebote/",
        "/angebote/?life_stage=infant&cost=free",
        "/merkliste/",
        *(f"/angebote/{offer.slug}/" for offer in offers),
        *(f"/anbieter/{provider.slug}/" for provider in providers),
        *("/" + stage.url.strip("/").split("/", 1)[1] + "/" for stage in stages),
    ]


def overflowing(page, url: str) -> str | None:
    response = page.goto(url)
    if response.status != 200:
        return f"{url}: status {response.status}"
    excess = page.evaluate(OVERFLOW)
    return f"{url}: {excess} px too wide" if excess > 0 else None


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport=NARROW)
    yield context.new_page()
    context.close()


def offer_pages(paths: list[str]) -> set[str]:
    return {path for path in paths if path.startswith("/angebote/") and path.count("/") == 3}


def test_the_walk_covers_every_offer_in_german_and_the_translated_ones_in_their_language(
    demo_site,
):
    public = Offer.objects.public()
    assert len(offer_pages(public_paths(settings.LANGUAGE_CODE))) == public.count() > 100
    for language in OTHER_LANGUAGES:
        translated = {
            f"/angebote/{offer.slug}/" for offer in public.filter(translations__language=language)
        }
        assert len(translated) >= 10, language  # the demo translates some offers into each
        assert offer_pages(public_paths(language)) == translated


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_scrolls_sideways_at_320_px(demo_site, narrow, language):
    paths = public_paths(language)
    failures = [
        problem
        for path in paths
        if (problem := overflowing(narrow, f"{demo_site.url}/{language}{path}"))
    ]
    print(f"reflow at 320 px, {language}: {len(paths)} pages checked, {len(failures)} too wide")
    assert failures == []


def test_sheet_and_shared_list_do_not_scroll_sideways_at_320_px(demo_site, narrow):
    # A shortlist with the demo's longest names.
    longest = sorted(Offer.objects.public(), key=lambda offer: -len(offer.name))[:3]
    for offer in longest:
        narrow.request.post(
            f"{demo_site.url}/de/merkliste/aendern/", form={"offer": offer.slug, "action": "add"}
        )
    failures = []
    for language in LANGUAGES:
        for button, kind in (("html", "sheet"), ("share", "shared list")):
            narrow.goto(f"{demo_site.url}/{language}/merkliste/")
            narrow.select_option("#id_language", language)
            # Waiting for the new page: the URL changes before its document is parsed.
            with narrow.expect_navigation():
                narrow.click(f"button[name={button}]")
            assert narrow.locator("h1").count() == 1
            if (excess := narrow.evaluate(OVERFLOW)) > 0:
                failures.append(f"{kind} {language}: {excess} px too wide")
    assert "/liste/" in narrow.url
    assert failures == []
