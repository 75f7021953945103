"""Shortlists shared by link (the shortlist itself lives only in the session)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SharedList(models.Model):
    """A read-only copy of a shortlist behind an unguessable link, for a family's phone.

    The personal note exists only here, only with this link, and is deleted with it when
    the link expires (`delete_expired_share_links`, daily by cron).
    """

    token = models.CharField(max_length=64, unique=True)
    offer_ids = models.JSONField(default=list)
    note = models.TextField(blank=True, max_length=1000)
    language = models.CharField(max_length=10, default="de")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("shared list")

    def __str__(self) -> str:
        return f"{len(self.offer_ids)} ({self.expires_at:%Y-%m-%d})"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()
