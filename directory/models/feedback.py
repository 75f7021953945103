"""What comes back about a listing: answers to freshness reminders and problem reports."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .offers import Offer


class FreshnessReminder(models.Model):
    """One "is this still correct?" e-mail about one offer, and what came of it."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed as correct")
        UPDATE_REQUESTED = "update", _("changes reported")

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_to = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer, blank=True)
    message = models.TextField(_("message from the provider"), blank=True)
    escalated_at = models.DateTimeField(_("passed to the editors"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("freshness reminder")
        verbose_name_plural = _("freshness reminders")

    def __str__(self) -> str:
        return f"{self.offer} → {self.sent_to} ({self.sent_at:%Y-%m-%d})"


class ProblemReport(models.Model):
    """Someone noticed something wrong with a listing; the editors' queue."""

    class Kind(models.TextChoices):
        WRONG_PHONE = "phone", _("wrong phone number or address")
        CLOSED = "closed", _("the offer no longer exists")
        OUTDATED = "outdated", _("information is outdated")
        OTHER = "other", _("something else")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.CASCADE, related_name="problem_reports"
    )
    kind = models.CharField(_("what is wrong"), max_length=20, choices=Kind)
    text = models.TextField(_("details"), max_length=1000, blank=True)
    email = models.EmailField(
        _("e-mail for questions"),
        blank=True,
        help_text=_("Only if the reporter wants an answer. Deleted with the report."),
    )
    from_professional = models.BooleanField(_("reported by a professional"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")

    def __str__(self) -> str:
        return f"{self.offer}: {self.get_kind_display()}"
