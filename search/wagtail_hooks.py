from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.admin.base import AdminPageMenuItem, PrefilledCreateView

from .admin_views import SearchInsightsView
from .models import SynonymGroup


class SynonymGroupCreateView(PrefilledCreateView):
    prefill_fields = ("terms",)  # "add synonym" from the search insights


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = _("Search synonyms")
    add_to_admin_menu = False  # under Snippets; editors find it next to the offers
    add_view_class = SynonymGroupCreateView
    panels = [FieldPanel("terms")]


register_snippet(SynonymGroupViewSet)


@hooks.register("register_admin_urls")
def register_insights_url():
    return [path("reports/search/", SearchInsightsView.as_view(), name="search_insights")]


@hooks.register("register_reports_menu_item")
def register_insights_menu_item():
    return AdminPageMenuItem(
        SearchInsightsView, _("Search insights"), "search_insights", icon_name="search", order=110
    )
