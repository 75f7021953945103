"""Keeping listings current: providers confirm by a signed link, no login needed.

`reminders_send` (daily, by cron) e-mails each contact address one message listing its
stale published offers, each with its own link; unanswered reminders go to the editors
after a while. Answers are kept in FreshnessReminder, the log of what was sent when.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import FreshnessReminder, Offer
from ..roles import MODERATORS

SALT = "directory.freshness-reminder"
MAX_MESSAGE_LENGTH = 2000


class LinkInvalid(Exception):
    """The link was changed or never issued."""


class LinkExpired(Exception):
    """The link was issued by us but is too old."""


def reminder_token(reminder: FreshnessReminder) -> str:
    return signing.dumps(reminder.pk, salt=SALT)


def reminder_url(reminder: FreshnessReminder) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("freshness_answer", kwargs={"token": reminder_token(reminder)})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def reminder_from_token(token: str) -> FreshnessReminder:
    max_age = datetime.timedelta(days=settings.DIRECTORY_REMINDER_LINK_VALID_DAYS)
    try:
        pk = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    try:
        return FreshnessReminder.objects.select_related("offer__provider").get(pk=pk)
    except (FreshnessReminder.DoesNotExist, TypeError, ValueError) as error:
        raise LinkInvalid from error


def _contact(offer: Offer) -> str:
    return offer.email or offer.provider.email


@dataclass
class ReminderRun:
    sent: int = 0  # e-mails
    offers: int = 0
    escalated: int = 0
    without_address: int = 0


def reminders_send(*, progress: Callable[[Iterable], Iterable] = iter) -> ReminderRun:
    now = timezone.now()
    run = ReminderRun()
    recently = now - datetime.timedelta(days=settings.DIRECTORY_REMIND_EVERY_DAYS)
    offers = (
        Offer.objects.published()
        .stale()
        .select_related("provider")
        .exclude(reminders__sent_at__gte=recently)
        .order_by("name")
    )
    by_address: dict[str, list[Offer]] = defaultdict(list)
    for offer in offers:
        address = _contact(offer)
        if address:
            by_address[address].append(offer)
        else:
            run.without_address += 1
    for address, stale in progress(list(by_address.items())):
        with transaction.atomic():
            reminders = [
                FreshnessReminder.objects.create(offer=offer, sent_to=address, sent_at=now)
                for offer in stale
            ]
            _mail(
                [address],
                "directory/email/freshness_reminder",
                {"items": [(r.offer, reminder_url(r)) for r in reminders]},
            )
        run.sent += 1
        run.offers += len(reminders)
    run.escalated = _escalate(now)
    return run


def _escalate(now: datetime.datetime) -> int:
    due = now - datetime.timedelta(days=settings.DIRECTORY_ESCALATE_AFTER_DAYS)
    overdue = list(
        FreshnessReminder.objects.filter(
            answered_at__isnull=True, escalated_at__isnull=True, sent_at__lte=due
        ).select_related("offer")
    )
    if not overdue:
        return 0
    _mail(_editor_addresses(), "directory/email/freshness_escalation", {"reminders": overdue})
    FreshnessReminder.objects.filter(pk__in=[r.pk for r in overdue]).update(escalated_at=now)
    return len(overdue)


def _editor_addresses() -> list[str]:
    editors = get_user_model().objects.filter(groups__name=MODERATORS, is_active=True)
    return sorted({user.email for user in editors if user.email})


def _mail(recipients: list[str], template: str, context: dict) -> None:
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def reminder_confirm(reminder: FreshnessReminder) -> None:
    """The provider says the listing is still correct: it counts as verified today."""
    if reminder.answered_at:
        return
    with transaction.atomic():
        Offer.objects.filter(pk=reminder.offer_id).update(last_verified=timezone.localdate())
        reminder.answer = FreshnessReminder.Answer.CONFIRMED
        reminder.answered_at = timezone.now()
        reminder.save(update_fields=["answer", "answered_at"])


def reminder_report_changes(reminder: FreshnessReminder, message: str) -> None:
    """The provider reports what changed; the editors get it by e-mail to update the offer."""
    if reminder.answered_at:
        return
    reminder.answer = FreshnessReminder.Answer.UPDATE_REQUESTED
    reminder.answered_at = timezone.now()
    reminder.message = message[:MAX_MESSAGE_LENGTH]
    reminder.save(update_fields=["answer", "answered_at", "message"])
    with translation.override(settings.LANGUAGE_CODE):
        edit = reverse("wagtailsnippets_directory_offer:edit", args=[reminder.offer_id])
    _mail(
        _editor_addresses(),
        "directory/email/freshness_changes",
        {"reminder": reminder, "edit_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + edit},
    )
