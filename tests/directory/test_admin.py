"""Editing offers in the Wagtail admin: forms, moderation workflow, revisions, preview, listing.

Forms are filled in from the real admin HTML, as a browser would submit them.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from directory.models import LifeStage, Location, Offer, Sector
from tests.factories import DistrictFactory, OfferFactory, ProviderFactory, draft_offer

pytestmark = pytest.mark.django_db

ADD_URL = reverse("wagtailsnippets_directory_offer:add")


def edit_url(offer):
    return reverse("wagtailsnippets_directory_offer:edit", args=[offer.pk])


def form_data(client, url):
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    # The opening-hours StreamField is drawn by JavaScript in a browser; submit it empty.
    for index in range(int(data.get("locations-TOTAL_FORMS", 0))):
        data.setdefault(f"locations-{index}-opening_hours-count", "0")
    return data


def filled_add_form(client, provider):
    data = form_data(client, ADD_URL)
    data.update(
        {
            "name": "Stillcafé Ost",
            "slug": "stillcafe-ost",
            "provider": str(provider.pk),
            "description": "Treffpunkt für stillende Mütter.",
        }
    )
    data.setlist("life_stages", [str(LifeStage.objects.get(code="infant").pk)])
    data.setlist("sectors", [str(Sector.objects.get(code="health").pk)])
    return data


def test_editor_saves_a_new_offer_as_draft_with_a_revision(client, editor):
    client.force_login(editor)
    data = filled_add_form(client, ProviderFactory())

    response = client.post(ADD_URL, data)

    assert response.status_code == 302
    offer = Offer.objects.get(slug="stillcafe-ost")
    assert offer.live is False
    assert offer.revisions.count() == 1
    assert offer.latest_revision.user == editor


def test_form_shows_german_error_next_to_the_age_field(client, editor):
    client.force_login(editor)
    data = filled_add_form(client, ProviderFactory())
    data.update({"min_age": "10", "max_age": "3"})

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors["max_age"] == [
        "Das Höchstalter darf nicht unter dem Mindestalter liegen."
    ]
    assert not Offer.objects.exists()


def test_form_rejects_half_coordinates_of_a_location_in_german(client, editor):
    client.force_login(editor)
    data = filled_add_form(client, ProviderFactory())
    data.update(
        {
            "locations-TOTAL_FORMS": "1",
            "locations-INITIAL_FORMS": "0",
            "locations-0-street": "Markt 1",
            "locations-0-latitude": "50.77",
            "locations-0-longitude": "",
            "locations-0-ORDER": "1",
            "locations-0-opening_hours-count": "0",
        }
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    location_errors = response.context["form"].formsets["locations"].forms[0].errors
    assert location_errors["longitude"] == [
        "Bitte Breiten- und Längengrad angeben oder beide leer lassen."
    ]
    assert not Offer.objects.exists()


def test_editor_cannot_publish_directly(client, editor):
    client.force_login(editor)
    data = filled_add_form(client, ProviderFactory())
    data["action-publish"] = "publish"
    client.post(ADD_URL, data)
    assert Offer.objects.get(slug="stillcafe-ost").live is False


def test_draft_goes_through_moderation_workflow_and_is_published_on_approval(
    client, editor, moderator
):
    offer = draft_offer()
    client.force_login(editor)
    data = form_data(client, edit_url(offer))
    data["action-submit"] = "submit"

    assert client.post(edit_url(offer), data).status_code == 302

    state = WorkflowState.objects.get(object_id=str(offer.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Freigabe durch die Redaktion"
    offer.refresh_from_db()
    assert offer.live is False

    client.force_login(moderator)
    approve_url = reverse(
        "wagtailsnippets_directory_offer:workflow_action",
        args=[offer.pk, "approve", state.current_task_state.pk],
    )
    response = client.post(approve_url, {"comment": "Passt."})

    assert response.status_code in (200, 302)
    state.refresh_from_db()
    offer.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert offer.live is True
    assert client.get(offer.get_absolute_url()).status_code == 200


def test_moderator_can_send_a_draft_back_with_a_comment(client, editor, moderator):
    offer = draft_offer()
    client.force_login(editor)
    data = form_data(client, edit_url(offer))
    data["action-submit"] = "submit"
    client.post(edit_url(offer), data)
    state = WorkflowState.objects.get(object_id=str(offer.pk))

    client.force_login(moderator)
    reject_url = reverse(
        "wagtailsnippets_directory_offer:workflow_action",
        args=[offer.pk, "reject", state.current_task_state.pk],
    )
    client.post(reject_url, {"comment": "Bitte Öffnungszeiten ergänzen."})

    state.refresh_from_db()
    offer.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert offer.live is False
    assert state.current_task_state.comment == "Bitte Öffnungszeiten ergänzen."


def test_editing_a_live_offer_keeps_the_published_version_until_publish(client, moderator):
    offer = draft_offer(name="Stillcafé Ost")
    offer.latest_revision.publish()
    client.force_login(moderator)

    data = form_data(client, edit_url(offer))
    data["name"] = "Stillcafé Ost (neu)"
    client.post(edit_url(offer), data)

    offer.refresh_from_db()
    assert offer.name == "Stillcafé Ost"
    assert offer.has_unpublished_changes
    assert b"Stillcaf\xc3\xa9 Ost (neu)" not in client.get(offer.get_absolute_url()).content

    data = form_data(client, edit_url(offer))
    data["action-publish"] = "publish"
    client.post(edit_url(offer), data)

    offer.refresh_from_db()
    assert offer.name == "Stillcafé Ost (neu)"
    assert offer.revisions.count() == 3


def test_history_compares_revisions_and_reverting_restores_old_content(client, moderator):
    offer = draft_offer(name="Alter Name")
    first = offer.latest_revision
    offer.name = "Neuer Name"
    offer.save()
    second = offer.save_revision(user=moderator)
    client.force_login(moderator)

    compare = client.get(
        reverse(
            "wagtailsnippets_directory_offer:revisions_compare",
            args=[offer.pk, first.pk, second.pk],
        )
    )
    assert compare.status_code == 200
    assert "Alter Name" in compare.content.decode() and "Neuer Name" in compare.content.decode()

    revert_url = reverse(
        "wagtailsnippets_directory_offer:revisions_revert", args=[offer.pk, first.pk]
    )
    data = form_data(client, revert_url)
    client.post(revert_url, data)
    assert Revision.objects.filter(object_id=str(offer.pk)).count() == 3
    offer.refresh_from_db()
    assert offer.name == "Alter Name"


def test_preview_renders_the_public_offer_page(client, moderator):
    offer = draft_offer(name="Vorschau-Angebot")
    client.force_login(moderator)
    url = reverse("wagtailsnippets_directory_offer:preview_on_edit", args=[offer.pk])
    data = form_data(client, edit_url(offer))
    data["name"] = "Vorschau mit Änderung"

    assert client.post(url, data).json()["is_valid"] is True
    response = client.get(url)

    assert response.status_code == 200
    assert "cms/offer_detail.html" in [t.name for t in response.templates]
    assert "Vorschau mit Änderung" in response.content.decode()


def test_editor_can_lock_an_offer_against_concurrent_edits(client, editor, moderator):
    offer = draft_offer()
    client.force_login(moderator)
    client.post(reverse("wagtailsnippets_directory_offer:lock", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.locked and offer.locked_by == moderator

    client.force_login(editor)
    data = form_data(client, edit_url(offer))
    data["name"] = "Überschrieben"
    client.post(edit_url(offer), data)
    offer.refresh_from_db()
    assert offer.name != "Überschrieben"


def test_listing_filters_by_life_stage_sector_status_district_and_staleness(client, superuser):
    old = timezone.localdate() - datetime.timedelta(days=400)
    baby = OfferFactory(name="Babyschwimmen", life_stages=["infant"], sectors=["health"])
    youth = OfferFactory(
        name="Jugendtreff", life_stages=["secondary"], sectors=["youth"], last_verified=old
    )
    draft = OfferFactory(name="Entwurf", live=False, life_stages=["secondary"], sectors=["youth"])
    brand = DistrictFactory(name="Brand")
    Location.objects.create(offer=baby, district=brand)
    Location.objects.create(offer=youth, district=DistrictFactory(name="Haaren"))
    client.force_login(superuser)
    url = reverse("wagtailsnippets_directory_offer:list")

    def names(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {offer.name for offer in response.context["object_list"]}

    secondary = LifeStage.objects.get(code="secondary").pk
    assert names(life_stages=secondary) == {youth.name, draft.name}
    assert names(sectors=Sector.objects.get(code="health").pk) == {baby.name}
    assert names(status="draft") == {draft.name}
    assert names(status="live") == {baby.name, youth.name}
    assert names(district=brand.pk) == {baby.name}
    assert names(stale="true") == {youth.name}
    assert names(stale="false") == {baby.name, draft.name}


def test_admin_search_finds_offers_by_name_and_provider(client, superuser):
    OfferFactory(name="Hebammensprechstunde", provider=ProviderFactory(name="Hebammennetz"))
    OfferFactory(name="Jugendtreff")
    client.force_login(superuser)
    response = client.get(reverse("wagtailsnippets_directory_offer:list"), {"q": "Hebammen"})
    assert [o.name for o in response.context["object_list"]] == ["Hebammensprechstunde"]


def test_the_admin_search_finds_a_saved_offer_without_waiting_for_the_import_worker(
    client, superuser, settings
):
    """With the production task settings, Wagtail's own index updates run at once; only
    imports wait for the worker (a site without a running worker still finds its offers)."""
    from config.settings import base

    settings.TASKS = base.TASKS
    client.force_login(superuser)
    OfferFactory(name="Zauberhafte Krabbelgruppe")

    listing = client.get(reverse("wagtailsnippets_directory_offer:list"), {"q": "Zauberhafte"})

    assert "Zauberhafte Krabbelgruppe" in listing.content.decode()


def test_an_offer_entered_by_hand_gets_an_external_id_so_its_csv_row_imports_again(
    client, moderator
):
    client.force_login(moderator)
    data = filled_add_form(client, ProviderFactory(name="Familienzentrum Süd"))
    data["external_id"] = ""
    client.post(ADD_URL, data)

    offer = Offer.objects.get(slug="stillcafe-ost")
    assert offer.external_id.startswith("verzeichnis-")
