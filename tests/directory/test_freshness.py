"""Freshness: reminder e-mails with signed links → confirm or report changes, without a
login; escalation to the editors; the log of what was sent and answered."""

import datetime
import io
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from directory.models import FreshnessReminder, Offer
from directory.services.freshness import MAX_MESSAGE_LENGTH, reminder_token, reminders_send
from tests.factories import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.localdate() - datetime.timedelta(days=400)


@pytest.fixture
def stale_offers():
    provider = ProviderFactory(name="Familienzentrum", email="fz@example.org")
    return {
        "a": OfferFactory(name="Elterncafé", provider=provider, last_verified=LONG_AGO),
        "b": OfferFactory(name="Krabbelgruppe", provider=provider, last_verified=LONG_AGO),
        "own": OfferFactory(name="Hebamme", email="hebamme@example.org", last_verified=LONG_AGO),
        "fresh": OfferFactory(name="Frisch", provider=provider),
        "draft": OfferFactory(
            name="Entwurf", provider=provider, last_verified=LONG_AGO, live=False
        ),
        "nobody": OfferFactory(name="Ohne Adresse", last_verified=LONG_AGO),
    }


def link_of(message, offer_name: str) -> str:
    lines = message.body.splitlines()
    index = next(i for i, line in enumerate(lines) if line == f"- {offer_name}")
    return lines[index + 1].strip().removeprefix("http://127.0.0.1:8000")


def test_one_mail_per_address_lists_its_stale_offers_with_links(stale_offers):
    run = reminders_send()

    assert (run.sent, run.offers, run.without_address) == (2, 3, 1)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"fz@example.org", "hebamme@example.org"}
    provider_mail = by_address["fz@example.org"]
    assert provider_mail.subject == "Sind Ihre 2 Einträge noch aktuell?"
    assert "- Elterncafé" in provider_mail.body and "- Krabbelgruppe" in provider_mail.body
    assert "Frisch" not in provider_mail.body and "Entwurf" not in provider_mail.body
    assert link_of(provider_mail, "Elterncafé").startswith("/de/aktuell/")
    assert FreshnessReminder.objects.count() == 3

    assert reminders_send().sent == 0  # asked recently: not again tomorrow


def test_confirming_marks_the_offer_verified_today_once(client, stale_offers):
    reminders_send()
    link = link_of(mail.outbox[0], "Elterncafé")
    page = client.get(link)
    assert page.status_code == 200 and "Elterncafé" in page.content.decode()

    response = client.post(link, {"confirm": "1"}, follow=True)

    assert "als heute geprüft markiert" in response.content.decode()
    offer = Offer.objects.get(name="Elterncafé")
    assert offer.last_verified == timezone.localdate() and not offer.is_stale
    reminder = FreshnessReminder.objects.get(offer=offer)
    assert reminder.answer == "confirmed" and reminder.answered_at is not None
    answered_at = reminder.answered_at
    client.post(link, {"changes": "1", "message": "Doch nicht"})  # a second submit
    reminder.refresh_from_db()
    assert (reminder.answer, reminder.answered_at, reminder.message) == (
        "confirmed",
        answered_at,
        "",
    )


def test_reported_changes_go_to_the_editors(client, stale_offers, moderator):
    reminders_send()
    link = link_of(mail.outbox[0], "Krabbelgruppe")
    mail.outbox.clear()

    empty = client.post(link, {"changes": "1", "message": "  "})
    too_long = client.post(link, {"changes": "1", "message": "x" * (MAX_MESSAGE_LENGTH + 1)})
    assert (empty.status_code, too_long.status_code) == (400, 400)
    assert "Bitte beschreiben Sie, was sich geändert hat." in empty.content.decode()
    assert mail.outbox == []

    client.post(link, {"changes": "1", "message": "Neue Zeiten: dienstags 9–11 Uhr"})

    (notice,) = mail.outbox
    assert notice.to == [moderator.email]
    assert "Neue Zeiten: dienstags 9–11 Uhr" in notice.body
    assert "/admin/snippets/directory/offer/edit/" in notice.body
    offer = Offer.objects.get(name="Krabbelgruppe")
    assert offer.is_stale  # only an editor's update makes it current
    assert FreshnessReminder.objects.get(offer=offer).answer == "update"


def test_tampered_and_expired_links_are_refused(client, stale_offers):
    reminders_send()
    link = link_of(mail.outbox[0], "Elterncafé")
    tampered = client.get(link[:-3] + "abc/")
    assert tampered.status_code == 404
    assert "Dieser Link ist ungültig" in tampered.content.decode()

    reminder = FreshnessReminder.objects.get(offer__name="Elterncafé")
    long_ago = time.time() - 61 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        old_token = reminder_token(reminder)
    expired = client.post(f"/de/aktuell/{old_token}/", {"confirm": "1"})
    assert expired.status_code == 410
    assert "Dieser Link ist abgelaufen" in expired.content.decode()
    assert Offer.objects.get(name="Elterncafé").is_stale


def test_unanswered_reminders_are_passed_to_the_editors_once(stale_offers, moderator):
    reminders_send()
    FreshnessReminder.objects.filter(offer__name="Elterncafé").update(
        sent_at=timezone.now() - datetime.timedelta(days=15)
    )
    mail.outbox.clear()

    run = reminders_send()

    assert run.escalated == 1
    (escalation,) = mail.outbox
    assert escalation.to == [moderator.email] and "Elterncafé" in escalation.body
    assert reminders_send().escalated == 0


def test_command_reports_what_it_did(stale_offers):
    out = io.StringIO()
    call_command("send_freshness_reminders", stdout=out)
    assert "2 E-Mails zu 3 Angeboten verschickt" in out.getvalue()


def test_editor_sees_the_freshness_badge_and_the_dashboard_counts(client, moderator):
    stale = OfferFactory(name="Elterncafé", last_verified=LONG_AGO, email="a@example.org")
    OfferFactory(name="Frisch")
    reminders_send()
    client.force_login(moderator)

    edit = client.get(f"/admin/snippets/directory/offer/edit/{stale.pk}/").content.decode()
    badge = edit[edit.index("data-freshness") : edit.index("data-freshness") + 600]
    assert "Prüfung fällig" in badge and "a@example.org" in badge and "noch keine Antwort" in badge

    dashboard = client.get("/admin/").content.decode()
    assert "1 braucht eine Prüfung" in dashboard
    assert "2 veröffentlichte Angebote" in dashboard
    assert "1 Erinnerungen verschickt" in dashboard or "1 Erinnerung" in dashboard

    log = client.get("/admin/snippets/directory/freshnessreminder/").content.decode()
    assert "a@example.org" in log
