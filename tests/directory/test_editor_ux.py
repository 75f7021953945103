"""What an editor notices in the admin: German web addresses, no phantom drafts,
positions for every address, freshness that reads right."""

import re

import pytest

from directory.models import Offer, Provider
from directory.text import german_slugify
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

    response = client.post(ADD_URL, data, follow=True)

    assert response.redirect_chain, response.context["form"].errors
    assert Offer.objects.filter(name=NAME).get().slug == (
        "elterncafe-fuer-muetter-vaeter-spielgruppe-0-3-jahre-2"
    )
    assert (  # told on the page the editor lands on
        "Die Webadresse „elterncafe-fuer-muetter-vaeter-spielgruppe-0-3-jahre“ ist schon "
        "vergeben; dieser Eintrag hat „elterncafe-fuer-muetter-vaeter-spielgruppe-0-3-jahre-2“"
        in response.content.decode()
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


def test_approval_by_a_municipal_editor_counts_as_verification(client, editor, moderator):
    from django.urls import reverse
    from django.utils import timezone
    from wagtail.models import WorkflowState

    from tests.directory.test_admin import edit_url, form_data
    from tests.factories import draft_offer

    offer = draft_offer()
    assert offer.last_verified is None or offer.is_stale
    client.force_login(editor)
    data = form_data(client, edit_url(offer))
    data["action-submit"] = "submit"
    client.post(edit_url(offer), data)
    offer.refresh_from_db()
    assert offer.last_verified != timezone.localdate()  # submitting is no check

    state = WorkflowState.objects.get(object_id=str(offer.pk))
    client.force_login(moderator)
    client.post(
        reverse(
            "wagtailsnippets_directory_offer:workflow_action",
            args=[offer.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )

    offer.refresh_from_db()
    assert offer.live and offer.last_verified == timezone.localdate()
    assert not offer.is_stale


def test_listing_says_due_or_up_to_date_in_words_and_german_headers(client, moderator):
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    OfferFactory(name="Alt", last_verified=timezone.localdate() - datetime.timedelta(days=800))
    OfferFactory(name="Neu", last_verified=timezone.localdate())
    client.force_login(moderator)

    page = client.get(reverse("wagtailsnippets_directory_offer:list"), {"stale": "true"})
    html = page.content.decode()

    rows = {row.split("</td>")[0] for row in html.split("<tr")[2:]}
    assert any("Alt" in row for row in rows) and not any(">Neu<" in row for row in rows)
    assert "fällig" in html and "Status string" not in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Prüfung: fällig" in text  # the active-filter chip
    assert "True" not in html.split("<main", 1)[1]

    page = client.get(reverse("wagtailsnippets_directory_offer:list"))
    assert " aktuell " in " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


def test_municipal_editors_maintain_search_synonyms(client, moderator, editor):
    from django.urls import reverse
    from wagtail.test.utils.form_data import querydict_from_html

    from search.models import SynonymGroup

    add_url = reverse("wagtailsnippets_directory_search_synonymgroup:add")
    client.force_login(moderator)
    page = client.get(add_url + "?terms=Kita")
    assert page.status_code == 200
    data = querydict_from_html(page.content.decode(), form_id="w-editor-form")
    data["terms"] = "Kita, Kindertagesstätte, Kindergarten"

    assert client.post(add_url, data).status_code == 302
    assert SynonymGroup.objects.filter(terms__icontains="Kindertagesstätte").exists()

    client.force_login(editor)  # the editorial staff do not change the vocabulary
    assert client.get(add_url).status_code in (302, 403)


def test_languages_are_checkboxes_with_the_common_ones_first(client, editor):
    client.force_login(editor)
    html = client.get(ADD_URL).content.decode()

    assert '<select name="languages"' not in html  # no Ctrl-click multi-select
    languages = html.split('id="id_languages"', 1)[1]
    common = languages.split("Alle weiteren Sprachen", 1)[0]
    names = re.findall(r'type="checkbox"[^>]*>\s*([^<]+?)</label>', common)
    assert names[:5] == ["Deutsch", "Englisch", "Türkisch", "Arabisch", "Ukrainisch"]
    assert "Kurdisch" in names and "Abchasisch" not in names


def test_a_submission_sends_one_e_mail_per_person_from_the_configured_sender_with_a_preview_link(
    client, editor, moderator, superuser, settings
):
    from django.core import mail

    from tests.directory.test_admin import edit_url, form_data
    from tests.factories import draft_offer

    moderator.email = "redaktion@stadt.example"
    moderator.save()
    superuser.groups.add(*moderator.groups.all())  # an administrator in the editorial team
    offer = draft_offer()
    client.force_login(editor)
    data = form_data(client, edit_url(offer))
    data["action-submit"] = "submit"

    client.post(edit_url(offer), data)

    recipients = [address for message in mail.outbox for address in message.to]
    assert sorted(recipients) == sorted({moderator.email, superuser.email})  # once each
    message = next(m for m in mail.outbox if moderator.email in m.to)
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    preview = re.search(r"http://\S+/workflow/preview/\S+", message.body)
    assert preview, message.body
    client.force_login(moderator)
    page = client.get(preview.group(0).removeprefix(settings.WAGTAILADMIN_BASE_URL))
    assert page.status_code == 200 and offer.name in page.content.decode()


@pytest.mark.parametrize(
    ("role", "says", "never"),
    [
        ("Fachkraft", "Zugang für Fachkräfte", "aktuell zu halten"),
        ("Moderators", "städtische Redaktion", "Zugang für Fachkräfte"),
    ],
)
def test_invitations_say_what_the_role_does(client, superuser, role, says, never):
    from django.core import mail
    from django.urls import reverse

    client.force_login(superuser)
    client.post(
        reverse("directory_invite"), {"email": "neu@stadt.example", "name": "Nora", "role": role}
    )

    (invitation,) = mail.outbox
    assert says in invitation.body and never not in invitation.body
