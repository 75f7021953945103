"""Every public text in the reader's language: the help strip, page titles and intros,
provider descriptions, topic and district names – with German as the marked fallback."""

import re

import pytest
from wagtail.models import Site

from cms.models import HelpSettings, HomePage, LifeStagePage
from directory.models import District, Location, Topic
from search.engines.database import DatabaseEngine
from tests.factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db

# What a family reads first in the help strip, written out here per language.
POLICE = {"de": "Polizei", "en": "Police", "tr": "Polis", "ar": "الشرطة", "uk": "Поліція"}
DOCTOR_NOTE = {
    "de": "wenn die Praxis geschlossen ist",
    "en": "when your doctor's practice is closed",
    "tr": "muayenehane kapalıyken",
    "ar": "عندما تكون العيادة مغلقة",
    "uk": "коли приймальня лікаря зачинена",
}


def help_strip(html: str) -> str:
    return re.search(r'<aside id="hilfe".*?</aside>', html, re.S).group().replace("\xad", "")


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "uk"])
def test_the_help_strip_reads_in_the_pages_language(client, language):
    strip = help_strip(client.get(f"/{language}/angebote/").content.decode())

    assert f'<span class="help-label">{POLICE[language]}</span>' in strip
    assert DOCTOR_NOTE[language].replace("'", "&#x27;") in strip
    assert 'href="tel:116117"' in strip  # the numbers stay as they are
    assert 'lang="de"' not in strip  # nothing left in German
    if language != "de":
        assert "Polizei" not in strip


def test_a_help_contact_without_translation_shows_german_marked_as_german(client):
    settings = HelpSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contacts = [
        {"type": "contact", "value": {"label": "Jugendamt Notdienst", "phone": "0241 432"}},
    ]
    settings.save()

    strip = help_strip(client.get("/ar/").content.decode())

    assert '<span class="help-label" lang="de" dir="ltr">Jugendamt Notdienst</span>' in strip


def test_home_and_life_stage_pages_have_their_title_and_intro_in_the_language(client):
    html = client.get("/tr/").content.decode().replace("\xad", "")
    assert "<title>Aileler için yardım ve destek –" in html
    assert "<h1>Aileler için yardım ve destek</h1>" in html
    assert "hamilelikten meslek hayatının başlangıcına kadar" in html

    html = client.get("/uk/kita-alter/").content.decode()
    assert "батьки турбуються про розвиток дитини" in html
    assert "Sprachförderung" not in html


def test_an_untranslated_intro_falls_back_to_german_marked_as_german(client):
    page = LifeStagePage.objects.get(life_stage__code="preschool")
    page.intro_ar = ""
    page.save()

    html = client.get("/ar/kita-alter/").content.decode()

    assert '<p class="lead" lang="de" dir="ltr">Kita und Tagespflege' in html


def test_an_editor_sets_the_translated_home_title(client):
    home = HomePage.objects.get()
    home.title_en = "Family support in Aachen"
    home.save()

    assert "<title>Family support in Aachen –" in client.get("/en/").content.decode()
    assert "<title>Hilfe und Unterstützung für Familien –" in client.get("/de/").content.decode()


def test_provider_descriptions_and_district_and_topic_names_are_translated(client):
    provider = ProviderFactory(
        name="Familienwege e.V.",
        description="Beratung für Familien.",
        description_en="Advice for families.",
    )
    offer = OfferFactory(name="Elterncafé", provider=provider)
    district = District.objects.create(name="Innenstadt", slug="innenstadt", name_uk="Центр")
    Location.objects.create(offer=offer, street="Markt 1", postcode="52062", district=district)
    offer.topics.add(Topic.objects.create(name="Ernährung", slug="ernaehrung", name_ar="التغذية"))
    offer.save()
    DatabaseEngine().rebuild()

    assert "Advice for families." in client.get(f"/en/anbieter/{provider.slug}/").content.decode()
    german = client.get(f"/ar/anbieter/{provider.slug}/").content.decode()
    assert '<div class="lead" lang="de" dir="ltr"><p>Beratung für Familien.</p></div>' in german
    assert "Центр" in client.get(f"/uk/angebote/{offer.slug}/").content.decode()
    results = client.get("/ar/angebote/?topic=ernaehrung").content.decode()
    assert "إزالة التصفية: التغذية" in results
    assert "Ernährung" not in results
