from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = _("Search synonyms")
    add_to_admin_menu = False  # under Snippets; editors find it next to the offers
    panels = [FieldPanel("terms")]


register_snippet(SynonymGroupViewSet)
