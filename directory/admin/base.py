"""Building blocks for admin pages of our own, shared by the directory's and the
search's admin (search may import from directory, never the other way round)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView


def breadcrumbs(title) -> list[dict]:
    """The admin's slim header: Home › this page."""
    return [
        {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
        {"url": "", "label": title},
    ]


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    """An admin page of ours: a title with breadcrumbs, open to users with any of
    `permissions` (Wagtail turns the refusal into a message on the dashboard)."""

    permissions: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not any(request.user.has_perm(permission) for permission in self.permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def breadcrumbs_items(self):
        return breadcrumbs(self.page_title)


class AdminPageMenuItem(MenuItem):
    """A menu item for one of our AdminPages, shown to those the page lets in."""

    def __init__(self, page, label, url_name: str, **kwargs):
        super().__init__(label, reverse(url_name), **kwargs)
        self.permissions = page.permissions

    def is_shown(self, request):
        return any(request.user.has_perm(permission) for permission in self.permissions)


class PrefilledCreateView(SnippetCreateView):
    """The add form, with some fields filled in from the address (e.g. from a report)."""

    prefill_fields: tuple[str, ...] = ()

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        for name in self.prefill_fields:
            value = self.request.GET.get(name, "").strip()
            if value:
                max_length = self.model._meta.get_field(name).max_length
                setattr(instance, name, value[:max_length] if max_length else value)
        return instance
