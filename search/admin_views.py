"""The editors' search insights report (Wagtail admin → Reports)."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from directory.admin.base import AdminPage

from . import insights
from .charts import line_chart


class SearchInsightsView(AdminPage):
    template_name = "search/admin/insights.html"
    page_title = _("Search insights")
    header_icon = "search"

    permissions = ("directory.change_offer",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = insights.weekly_totals()
        context["chart"] = line_chart(
            [t.week for t in totals],
            [
                (_("Searches"), "searches", [t.searches for t in totals]),
                (_("Without results"), "zero", [t.zero for t in totals]),
            ],
        )
        context["totals"] = totals
        synonym_url = reverse("wagtailsnippets_directory_search_synonymgroup:add")
        offer_url = reverse("wagtailsnippets_directory_offer:add")
        context["zero_terms"] = [
            (
                item,
                f"{synonym_url}?{urlencode({'terms': item.value})}",
                f"{offer_url}?{urlencode({'name': item.value})}",
            )
            for item in insights.top_values(insights.Kind.ZERO)
        ]
        context["terms"] = insights.top_values(insights.Kind.TERM)
        context["filters"] = insights.top_values(insights.Kind.FILTER)
        context["min_weekly"] = insights.MIN_WEEKLY_COUNT
        context["min_length"] = insights.MIN_TERM_LENGTH
        return context
