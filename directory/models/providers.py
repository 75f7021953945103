"""The organisations (Träger) that run offers, and the people who edit them."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.models import LockableMixin, RevisionMixin
from wagtail.search import index


class Provider(LockableMixin, RevisionMixin, index.Indexed, models.Model):
    """The organisation (Träger) that runs offers."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("provider editors"),
        related_name="edited_providers",
        blank=True,
        help_text=_(
            "People of this provider who maintain its offers. Their changes need the "
            "approval of the municipal editors."
        ),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="provider")

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        constraints = [models.UniqueConstraint(Lower("name"), name="provider_name_unique_ci")]

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self):
        return self._revisions
