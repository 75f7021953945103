"""Role boundaries: provider editors see and change only their own provider's offers,
through the listing, the forms and every direct URL; their changes need approval."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from wagtail.models import Revision, Task, WorkflowState

from directory.interchange.hsds_export import service_record
from directory.models import Offer, Provider
from directory.roles import MODERATORS
from tests.directory.csv_helpers import csv_bytes, row
from tests.directory.test_admin import ADD_URL, edit_url, filled_add_form, form_data
from tests.factories import OfferFactory, ProviderFactory, draft_offer

pytestmark = pytest.mark.django_db
LIST_URL = reverse("wagtailsnippets_directory_offer:list")


@pytest.fixture
def providers(django_user_model):
    own, other = ProviderFactory(name="Familienzentrum Ost"), ProviderFactory(name="Träger B")
    user = django_user_model.objects.create_user("ost", "ost@example.org", "pw")
    user.groups.add(Group.objects.get(name="Provider editors"))
    own.editors.add(user)
    return {
        "user": user,
        "own": own,
        "other": other,
        "own_offer": OfferFactory(name="Elterncafé Ost", provider=own),
        "other_offer": draft_offer(name="Geheimer Entwurf B", slug="b", provider=other),
    }


def test_listing_shows_only_the_own_providers_offers(client, providers):
    client.force_login(providers["user"])
    html = client.get(LIST_URL).content.decode()
    assert "Elterncafé Ost" in html and "Geheimer Entwurf B" not in html


def _url_patterns(patterns, namespace=None):
    """(namespace, name, parameter names) of every URL Django knows, nested included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield namespace, pattern.name, set(pattern.pattern.regex.groupindex)


# Values for the other parameters of per-offer URLs. A new view with a parameter not
# listed here fails the test below until it is added: nothing is left out unnoticed.
OTHER_PARAMETERS = {
    "revision_id": lambda offer: offer.latest_revision_id or 1,
    "revision_id_a": lambda offer: "earliest",
    "revision_id_b": lambda offer: "latest",
    "action_name": lambda offer: "approve",
    "task_state_id": lambda offer: 1,
    "workflow_state_id": lambda offer: 1,
    "task_id": lambda offer: Task.objects.order_by("pk").first().pk,
}


def per_offer_urls(
    offer: Offer, namespace: str = "wagtailsnippets_directory_offer"
) -> dict[str, str]:
    """Every URL Wagtail registers for one offer (those with its pk), from the URL registry,
    by view name."""
    urls = {}
    for pattern_namespace, name, parameters in _url_patterns(get_resolver().url_patterns):
        if pattern_namespace != namespace or "pk" not in parameters:
            continue
        unknown = parameters - {"pk", *OTHER_PARAMETERS}
        assert not unknown, f"{name}: add a value for {unknown} to OTHER_PARAMETERS"
        kwargs = {key: OTHER_PARAMETERS[key](offer) for key in parameters - {"pk"}}
        urls[name] = reverse(f"{namespace}:{name}", kwargs={"pk": offer.pk, **kwargs})
    return urls


def test_every_per_offer_url_is_found_in_the_registry(providers):
    urls = per_offer_urls(providers["own_offer"])
    # Wagtail 8 registers 21 for a snippet with workflows, plus the chooser's `chosen`.
    assert len(set(urls.values())) == len(urls) >= 21


# Wagtail shows a task's preview only to the task's reviewers (moderators), never to the
# editor who submitted: refused for the own offer too, for a reason that is not ours.
ONLY_FOR_A_TASKS_REVIEWERS = {"workflow_preview"}


@pytest.fixture
def unrestricted_provider_editor(providers):
    """The provider editor with every permission on offers: a refusal can then only come
    from the provider scope, not from a missing permission."""
    user = providers["user"]
    user.user_permissions.add(*Permission.objects.filter(content_type__model="offer"))
    return user


def submit_for_approval(client, offer, **changes) -> None:
    """Save the offer's edit form with changes and "Submit for approval", as an editor."""
    data = form_data(client, edit_url(offer))
    data.update(changes)
    data["action-submit"] = "submit"
    client.post(edit_url(offer), data)


def test_no_direct_url_opens_another_providers_offer(
    client, providers, unrestricted_provider_editor
):
    client.force_login(unrestricted_provider_editor)
    for url in per_offer_urls(providers["other_offer"]).values():
        for response in (client.get(url), client.post(url, {})):
            assert (response.status_code, response.get("Location")) == (302, "/admin/"), url
    other = Offer.objects.get(pk=providers["other_offer"].pk)
    assert other.name == "Geheimer Entwurf B" and other.locked is False


def test_the_own_offers_urls_are_not_refused(client, providers, unrestricted_provider_editor):
    client.force_login(unrestricted_provider_editor)
    for name, url in per_offer_urls(providers["own_offer"]).items():
        if name in ONLY_FOR_A_TASKS_REVIEWERS:
            continue
        response = client.get(url)
        assert (response.status_code, response.get("Location")) != (302, "/admin/"), url


def test_the_offer_chooser_offers_only_the_own_providers_offers(
    client, providers, unrestricted_provider_editor
):
    client.force_login(unrestricted_provider_editor)
    for name in ("choose", "choose_results"):
        response = client.get(reverse(f"wagtailsnippetchoosers_directory_offer:{name}"))
        html = response.json()["html"] if name == "choose" else response.content.decode()
        assert "Elterncafé Ost" in html and "Geheimer Entwurf B" not in html, name
    chooser = "wagtailsnippetchoosers_directory_offer"
    for url in per_offer_urls(providers["other_offer"], chooser).values():
        response = client.get(url)
        assert b"Geheimer Entwurf B" not in response.content, url


def test_a_new_offer_can_only_belong_to_the_own_provider(client, providers):
    client.force_login(providers["user"])
    form = client.get(ADD_URL).content.decode()
    options = re.findall(
        r'<option value="(\d+)"', form.split('name="provider"')[1].split("</select>")[0]
    )
    assert options == [str(providers["own"].pk)]
    data = filled_add_form(client, providers["other"])
    response = client.post(ADD_URL, data)
    assert response.status_code == 200  # the form again, with an error
    assert not Offer.objects.filter(slug="stillcafe-ost").exists()


def test_provider_editors_changes_need_approval_and_notify_the_editors(
    client, providers, moderator
):
    offer = providers["own_offer"]
    client.force_login(providers["user"])
    submit_for_approval(client, offer, name="Elterncafé Ost am Markt")

    offer.refresh_from_db()
    assert offer.name == "Elterncafé Ost"  # the public listing waits for approval
    state = WorkflowState.objects.get(object_id=str(offer.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any(moderator.email in message.to for message in mail.outbox)

    client.force_login(moderator)
    approve = reverse(
        "wagtailsnippets_directory_offer:workflow_action",
        args=[offer.pk, "approve", state.current_task_state.pk],
    )
    client.post(approve, {"comment": "Danke."})
    offer.refresh_from_db()
    assert offer.name == "Elterncafé Ost am Markt"


def test_provider_editors_cannot_publish(client, providers):
    client.force_login(providers["user"])
    data = filled_add_form(client, providers["own"])
    data["action-publish"] = "publish"
    client.post(ADD_URL, data)
    assert Offer.objects.get(slug="stillcafe-ost").live is False


def test_municipal_roles_see_every_provider(client, moderator, providers):
    client.force_login(moderator)
    html = client.get(LIST_URL).content.decode()
    assert "Elterncafé Ost" in html and "Geheimer Entwurf B" in html


def test_a_provider_editor_who_is_also_on_the_municipal_team_sees_every_provider(client, providers):
    """The municipal role wins: being someone's provider editor as well limits nothing."""
    user = providers["user"]
    user.groups.add(Group.objects.get(name=MODERATORS))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    html = client.get(LIST_URL).content.decode()
    assert "Elterncafé Ost" in html and "Geheimer Entwurf B" in html


def test_editors_approve_many_submitted_offers_at_once(client, providers, moderator):
    submitted = []
    client.force_login(providers["user"])
    for name in ("Elterncafé Ost", "Krabbelgruppe Ost"):
        offer = Offer.objects.filter(name=name).first() or OfferFactory(
            name=name, provider=providers["own"], live=False
        )
        submit_for_approval(client, offer)
        submitted.append(offer)
    not_submitted = providers["other_offer"]
    url = (
        reverse("wagtail_bulk_action", args=["directory", "offer", "approve"])
        + f"?next={LIST_URL}&"
        + "&".join(f"id={o.pk}" for o in [*submitted, not_submitted])
    )

    client.force_login(moderator)
    confirm = client.get(url).content.decode()
    assert "Elterncafé Ost" in confirm and "Krabbelgruppe Ost" in confirm
    assert "Nicht in Ihrer Freigabe" in confirm  # the draft nobody submitted
    response = client.post(url, {}, follow=True)

    assert "2 Angebote freigegeben." in response.content.decode()
    for offer in submitted:
        offer.refresh_from_db()
        assert offer.live and not offer.has_unpublished_changes
    assert Offer.objects.get(pk=not_submitted.pk).live is False


def test_provider_editors_cannot_bulk_approve(client, providers):
    offer = providers["own_offer"]
    client.force_login(providers["user"])
    submit_for_approval(client, offer, name="Geändert")
    url = reverse("wagtail_bulk_action", args=["directory", "offer", "approve"])
    client.post(f"{url}?id={offer.pk}", {})
    offer.refresh_from_db()
    assert offer.name == "Elterncafé Ost"


@pytest.mark.parametrize("action", ["delete", "approve"])
def test_bulk_action_pages_do_not_name_other_providers_offers(client, providers, action):
    own, other = providers["own_offer"], providers["other_offer"]
    client.force_login(providers["user"])
    url = reverse("wagtail_bulk_action", args=["directory", "offer", action])

    mixed = client.get(f"{url}?id={own.pk}&id={other.pk}")
    assert "Elterncafé Ost" in mixed.content.decode()
    assert "Geheimer Entwurf B" not in mixed.content.decode()
    assert client.get(f"{url}?id={other.pk}", follow=True).status_code == 404
    assert "Geheimer Entwurf B" not in client.get(f"{url}?id=all").content.decode()
    client.post(f"{url}?id={other.pk}", {})
    assert Offer.objects.filter(pk=other.pk).exists()


INVITE_URL = reverse("directory_invite")


def test_administrator_invites_a_provider_editor_who_sets_a_password(client, superuser):
    provider = ProviderFactory(name="Familienzentrum Nord")
    client.force_login(superuser)
    response = client.post(
        INVITE_URL,
        {
            "email": "neu@fz-nord.example",
            "name": "Nora Neu",
            "role": "Provider editors",
            "providers": [provider.pk],
        },
        follow=True,
    )
    assert "Einladung an neu@fz-nord.example verschickt." in response.content.decode()
    (invitation,) = mail.outbox
    assert invitation.to == ["neu@fz-nord.example"] and "Familienzentrum Nord" in invitation.body
    link = re.search(r"http://[^\s]+/admin/password_reset/confirm/\S+", invitation.body).group(0)

    client.logout()
    form_page = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    client.post(
        set_url,
        {"new_password1": "Sichere-Passphrase-2026", "new_password2": "Sichere-Passphrase-2026"},
    )

    assert client.login(username="neu@fz-nord.example", password="Sichere-Passphrase-2026")
    invited = provider.editors.get()
    assert invited.groups.filter(name="Provider editors").exists()


def test_an_address_that_is_already_a_login_name_is_refused(client, superuser, django_user_model):
    django_user_model.objects.create_user("frei@amt.example", "anderswo@amt.example", "pw")
    client.force_login(superuser)
    data = {"email": "Frei@amt.example", "name": "X", "role": "Moderators"}
    response = client.post(INVITE_URL, data)
    assert response.status_code == 400
    assert "hat bereits jemand ein Konto" in response.content.decode()
    assert mail.outbox == [] and django_user_model.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "kein-mail", "name": "X", "role": "Moderators"}, "gültige E-Mail-Adresse"),
        (
            {"email": "a@b.example", "name": "X", "role": "Provider editors"},
            "Wählen Sie die Träger",
        ),
        (
            {"email": "moderator@example.org", "name": "X", "role": "Moderators"},
            "hat bereits jemand ein Konto",
        ),
        ({"email": "a@b.example", "name": "X", "role": "Administrators"}, "gültige Auswahl"),
    ],
)
def test_bad_invitations_are_refused(client, superuser, moderator, data, message):
    client.force_login(superuser)
    response = client.post(INVITE_URL, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert mail.outbox == []


def test_municipal_editors_invite_professionals_only(client, moderator, editor):
    client.force_login(moderator)
    form = client.get(INVITE_URL).content.decode()
    assert 'value="Fachkraft"' in form and 'value="Moderators"' not in form
    refused = client.post(INVITE_URL, {"email": "x@y.example", "name": "X", "role": "Moderators"})
    assert refused.status_code == 400 and mail.outbox == []
    client.post(INVITE_URL, {"email": "sozial@amt.example", "name": "Sam", "role": "Fachkraft"})
    (invitation,) = mail.outbox
    assert "/de/passwort/neu/" in invitation.body  # professionals use the public site

    client.force_login(editor)
    assert client.get(INVITE_URL)["Location"] == "/admin/"


# --- imports: the same limits as the forms -------------------------------------------
IMPORT_URL = reverse("directory_offer_import")


def _import_preview(client, name: str, content: bytes):
    # Checking runs as a background task; its preview is where the upload redirects.
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)}, follow=True)


def _nothing_written(providers, revisions_before: int) -> None:
    assert Revision.objects.count() == revisions_before
    assert set(Provider.objects.values_list("name", flat=True)) == {
        "Familienzentrum Ost",
        "Träger B",
    }


def test_provider_editors_csv_import_cannot_touch_other_providers_or_create_any(client, providers):
    other = providers["other_offer"]
    Offer.objects.filter(pk=other.pk).update(external_id="B-1")
    own = row(external_id="OST-NEU", name="Krabbelgruppe Ost", provider="Familienzentrum Ost")
    foreign = row(external_id="B-1", name="Übernommen", provider="Familienzentrum Ost")
    other_provider = row(external_id="B-2", name="Neu bei B", provider="Träger B")
    new_provider = row(external_id="X-1", name="Neu", provider="Erfundener Träger e.V.")
    revisions = Revision.objects.count()
    client.force_login(providers["user"])

    content = csv_bytes(own, foreign, other_provider, new_provider).getvalue()
    response = _import_preview(client, "angebote.csv", content)

    assert response.status_code == 400
    errors = [str(error) for error in response.context["report"].errors]
    assert errors == [
        "Übernommen – Zeile 3, Spalte „external_id“: Dieses Angebot gehört zu einem "
        "anderen Anbieter "
        "(Träger B); Sie dürfen nur Angebote Ihrer eigenen Anbieter ändern.",
        "Neu bei B – Zeile 4, Spalte „provider“: Sie dürfen nur Angebote Ihrer eigenen Anbieter "
        "importieren, nicht von „Träger B“.",
        "Neu – Zeile 5, Spalte „provider“: „Erfundener Träger e.V.“ ist kein Anbieter im "
        "Verzeichnis, und Sie dürfen keine Anbieter anlegen. Verwenden Sie den genauen "
        "Namen eines Ihrer Anbieter.",
    ]
    _nothing_written(providers, revisions)
    # The own provider's row alone is fine (as a draft for approval).
    assert _import_preview(client, "ost.csv", csv_bytes(own).getvalue()).status_code == 200


def test_provider_editors_hsds_import_cannot_touch_other_providers_or_create_any(client, providers):
    foreign = service_record(providers["other_offer"])  # exported by B, sent back changed
    foreign["name"] = "Übernommen"
    new_provider = {
        "id": "0b6f8a3e-6d43-4f7e-9a57-1f2f0e0c9d11",
        "name": "Neu",
        "status": "active",
        "organization": {
            "id": "6a1c2b44-5f0e-4a53-8f59-3c1d2e7a9b10",
            "name": "Erfundener",
            "description": "Gibt es nicht.",
        },
    }
    revisions = Revision.objects.count()
    client.force_login(providers["user"])

    page = json.dumps({"contents": [foreign, new_provider]}).encode()
    response = _import_preview(client, "open.json", page)

    assert response.status_code == 400
    errors = [str(error) for error in response.context["report"].errors]
    assert errors == [
        "Eintrag 1, Feld „id“: Dieses Angebot gehört zu einem anderen Anbieter (Träger B); "
        "Sie dürfen nur Angebote Ihrer eigenen Anbieter ändern.",
        "Eintrag 1, Feld „organization/name“: Sie dürfen nur Angebote Ihrer eigenen "
        "Anbieter importieren, nicht von „Träger B“.",
        "Eintrag 2, Feld „organization/name“: „Erfundener“ ist kein Anbieter im "
        "Verzeichnis, und Sie dürfen keine Anbieter anlegen. Verwenden Sie den genauen "
        "Namen eines Ihrer Anbieter.",
    ]
    _nothing_written(providers, revisions)


def test_the_offer_chooser_lists_only_the_own_offers(client, providers):
    client.force_login(providers["user"])
    base = "/admin/snippets/choose/directory/offer/"
    for url in (base, base + "results/", base + "results/?q=Entwurf"):
        response = client.get(url)
        html = response.json()["html"] if url == base else response.content.decode()
        assert "Geheimer Entwurf B" not in html, url
    assert "Elterncafé Ost" in client.get(base).json()["html"]
    chosen = client.get(f"{base}chosen/{providers['other_offer'].pk}/", follow=True)
    assert chosen.status_code == 404
    assert "Geheimer Entwurf B" not in chosen.content.decode()


def test_the_site_history_is_for_municipal_staff_not_provider_editors(client, providers, moderator):
    from wagtail.log_actions import log

    log(instance=providers["other_offer"], action="wagtail.edit", user=moderator)
    history = reverse("wagtailadmin_reports:site_history")

    client.force_login(providers["user"])
    assert client.get(history).status_code == 403
    assert client.get(reverse("wagtailadmin_reports:site_history_results")).status_code == 403
    assert history not in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(moderator)
    response = client.get(history)
    assert response.status_code == 200
    assert providers["other_offer"].name in response.content.decode()
