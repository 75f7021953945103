from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from directory.models import LifeStage, Sector
from directory.roles import is_professional
from directory.selectors import life_stage_list_with_counts, life_stage_offers_by_sector

from .blocks import BodyBlock


class HomePage(Page):
    """The site's entry point; created by a data migration on a fresh install."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A short welcome shown above the search.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ContentPage", "cms.LifeStagePage"]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = {
            page.life_stage_id: page
            for page in LifeStagePage.objects.live().child_of(self).specific()
        }
        stages = list(life_stage_list_with_counts(professional=is_professional(request.user)))
        for stage in stages:
            stage.page = pages.get(stage.pk)
        context["life_stages"] = stages
        context["sectors"] = Sector.objects.all()
        return context


class LifeStagePage(Page):
    """One step of the prevention chain: its offers grouped by sector, with the steps
    before and after it. One page per life stage, created on install."""

    life_stage = models.OneToOneField(
        LifeStage,
        verbose_name=_("life stage"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What families in this stage of life can expect. A few sentences."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("life_stage"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("life-stage page")

    def neighbours(self) -> tuple["LifeStagePage | None", "LifeStagePage | None"]:
        """The pages of the previous and next life stage in chain order."""
        order = self.life_stage.sort_order
        siblings = LifeStagePage.objects.live().select_related("life_stage")
        previous = siblings.filter(life_stage__sort_order__lt=order)
        following = siblings.filter(life_stage__sort_order__gt=order)
        return (
            previous.order_by("-life_stage__sort_order").first(),
            following.order_by("life_stage__sort_order").first(),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sectors"] = life_stage_offers_by_sector(
            self.life_stage, professional=is_professional(request.user)
        )
        context["previous_stage"], context["next_stage"] = self.neighbours()
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
