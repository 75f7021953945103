"""What an editor notices in the admin: German web addresses, no phantom drafts,
positions for every address, freshness that reads right."""

import pytest

from directory.models import Offer, Provider
from directory.slugs import german_slugify
from tests.directory.test_admin import ADD_URL, filled_add_form
from tests.factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db

NAME = "Elterncafé für Mütter & Väter – Spielgruppe (0–3 Jahre)"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        (NAME, "elterncafe-fuer-muetter-vaeter-spielgruppe-0-3-jahre"),
        ("Straßenfest Öcher Jungs", "strassenfest-oecher-jungs"),
        ("ÄRZTLICHE Übersicht", "aerztliche-uebersicht"),
    ],
)
def test_slugs_are_spelled_as_germans_transliterate(name, slug):
    assert german_slugify(name) == slug


def test_a_german_name_with_a_non_ascii_slug_saves_with_a_repaired_address(client, editor):
    client.force_login(editor)
    data = filled_add_form(client, ProviderFactory())
    data.update({"name": NAME, "slug": "elterncafé-für-mütter"})  # as the old script typed it

    response = client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["form"].errors
    assert Offer.objects.get().slug == "elterncafe-fuer-muetter"


def test_a_taken_or_empty_slug_gets_a_number_instead_of_an_error(client, editor):
    OfferFactory(slug="elterncafe-fuer-muetter-vaeter-spielgruppe-0-3-jahre")
    client.force_login(editor)
    data = filled_add_form(client, ProviderFactory())
    data.update({"name": NAME, "slug": ""})

    response = client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["form"].errors
    assert Offer.objects.filter(name=NAME).get().slug == (
        "elterncafe-fuer-muetter-vaeter-spielgruppe-0-3-jahre-2"
    )


def test_an_invalid_first_save_leaves_no_record_and_the_add_form_has_no_autosave(client, editor):
    client.force_login(editor)
    page = client.get(ADD_URL).content.decode()
    # Autosave would store the offer while the editor is still typing.
    assert "data-w-autosave-interval-value" not in page
    data = filled_add_form(client, ProviderFactory())
    data.update({"name": NAME, "min_age": "6", "max_age": "3"})

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Offer.objects.exists()
    data.update({"max_age": "10"})
    assert client.post(ADD_URL, data).status_code == 302
    assert Offer.objects.get().name == NAME


def test_providers_repair_their_slug_too(client, superuser):
    client.force_login(superuser)
    from django.urls import reverse
    from wagtail.test.utils.form_data import querydict_from_html

    url = reverse("wagtailsnippets_directory_provider:add")
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    data.update({"name": "Jugendhilfe Süd e.V.", "slug": "jugendhilfe-süd"})
    assert client.post(url, data).status_code == 302
    assert Provider.objects.get(name="Jugendhilfe Süd e.V.").slug == "jugendhilfe-sued"
