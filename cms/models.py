from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from directory.languages import TARGET_LANGUAGES, per_language
from directory.models import LifeStage, Sector
from directory.roles import is_professional
from directory.selectors import life_stage_list_with_counts, life_stage_offers_by_sector

from .blocks import BodyBlock


def translation_panel(*fields: str) -> MultiFieldPanel:
    """The other languages' versions of `fields`, in one collapsible group per page."""
    return MultiFieldPanel(
        [FieldPanel(f"{field}_{code}") for field in fields for code in TARGET_LANGUAGES],
        heading=_("Translations"),
        classname="collapsed",
    )


class TranslatedTitleMixin(models.Model):
    """A page title per UI language, for the browser tab and the heading."""

    title_en, title_tr, title_ar, title_uk = per_language(
        models.CharField, _("title"), max_length=255, blank=True
    )

    class Meta:
        abstract = True


class HomePage(TranslatedTitleMixin, Page):  # noqa: DJ008 - Page has __str__
    """The site's entry point; created by a data migration on a fresh install."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A short welcome shown above the search.")
    )
    intro_en, intro_tr, intro_ar, intro_uk = per_language(
        models.TextField, _("introduction"), blank=True
    )
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.ContentPage", "cms.LifeStagePage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        translation_panel("title", "intro"),
    ]

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
    intro_en, intro_tr, intro_ar, intro_uk = per_language(
        models.TextField, _("introduction"), blank=True
    )
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    content_panels = [
        *Page.content_panels,
        FieldPanel("life_stage"),
        FieldPanel("intro"),
        FieldPanel("body"),
        translation_panel("intro"),
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


class ContentPage(TranslatedTitleMixin, Page):  # noqa: DJ008 - Page has __str__
    """A plain editorial page, e.g. "Über uns", "Impressum", "Datenschutz"."""

    intro = models.TextField(_("introduction"), blank=True)
    intro_en, intro_tr, intro_ar, intro_uk = per_language(
        models.TextField, _("introduction"), blank=True
    )
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        translation_panel("title", "intro"),
    ]

    class Meta:
        verbose_name = _("content page")


def _char_block(label, **options) -> blocks.CharBlock:
    return blocks.CharBlock(label=label, **options)


class HelpContactBlock(blocks.StructBlock):
    """One number of the help strip. The number is the same in every language; who
    answers and the note are translated (empty: the German text is shown)."""

    label = blocks.CharBlock(label=_("Who"), max_length=80)
    phone = blocks.CharBlock(label=_("Phone number"), max_length=30)
    note = blocks.CharBlock(label=_("Note"), max_length=120, required=False)
    label_en, label_tr, label_ar, label_uk = per_language(
        _char_block, _("Who"), max_length=80, required=False
    )
    note_en, note_tr, note_ar, note_uk = per_language(
        _char_block, _("Note"), max_length=120, required=False
    )

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
