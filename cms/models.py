from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from directory.selectors import life_stage_list_with_counts

from .blocks import BodyBlock


class HomePage(Page):
    """The site's entry point; created by a data migration on a fresh install."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A short welcome shown above the search.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ContentPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["life_stages"] = life_stage_list_with_counts()
        return context


class ContentPage(Page):
    """A plain editorial page, e.g. "Über uns", "Impressum", "Datenschutz"."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("content page")


class HelpContactBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Who"), max_length=80)
    phone = blocks.CharBlock(label=_("Phone number"), max_length=30)
    note = blocks.CharBlock(label=_("Note"), max_length=120, required=False)

    class Meta:
        icon = "mobile-alt"
        label = _("Help contact")


@register_setting(icon="help")
class HelpSettings(BaseSiteSetting):
    """The help strip every public page shows: emergency and on-call numbers."""

    contacts = StreamField(
        [("contact", HelpContactBlock())],
        verbose_name=_("help in an emergency"),
        blank=True,
        help_text=_("Shown on every public page, in this order. Keep it short."),
    )

    panels = [FieldPanel("contacts")]

    class Meta:
        verbose_name = _("help strip")
