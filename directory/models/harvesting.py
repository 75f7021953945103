"""Other directories whose HSDS APIs we harvest (see `directory.interchange.hsds_harvest`)."""

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class HarvestSource(models.Model):
    """Another directory whose HSDS API we take in (`harvest_all`, by cron). Its services
    become read-only offers here, marked with this source and a link to it."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Shown on harvested offers as their source.")
    )
    api_url = models.URLField(
        _("HSDS API address"),
        unique=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The address of its HSDS 3.0 API, e.g. https://example.org/api/hsds/"),
    )
    website = models.URLField(
        _("public website"),
        blank=True,
        help_text=_("Where families find the source directory; its offers link there."),
    )
    active = models.BooleanField(
        _("harvest"),
        default=True,
        help_text=_("Unticked: its offers are withdrawn at the next harvest."),
    )
    show_in_search = models.BooleanField(
        _("show to families"),
        default=True,
        help_text=_("Its offers appear in search and on the public pages."),
    )
    gap_report_districts = models.ManyToManyField(
        "District",
        verbose_name=_("counts in the gap report for"),
        blank=True,
        related_name="+",
        help_text=_("Districts whose gap report includes its offers; none: not counted."),
    )
    last_harvested_at = models.DateTimeField(_("last harvest"), null=True, blank=True)
    last_report = models.TextField(_("result of the last harvest"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("harvested directory")
        verbose_name_plural = _("harvested directories")

    def __str__(self) -> str:
        return self.name

    @property
    def home(self) -> str:
        return self.website or self.api_url
