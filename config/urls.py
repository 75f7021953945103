from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.views.assets import favicon
from directory.admin.views import MunicipalSiteHistoryView
from search import api as search_api

# Machine interfaces and the admin have no language prefix.
urlpatterns = [
    # Browsers ask for /favicon.ico on every page, whatever the page's <link rel=icon> says.
    path("favicon.ico", favicon),
    # Before Wagtail's own: the site history is scoped to municipal staff (see the view).
    path("admin/reports/site-history/", MunicipalSiteHistoryView.as_view()),
    path(
        "admin/reports/site-history/results/",
        MunicipalSiteHistoryView.as_view(results_only=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("search.urls")),
    path("api/hsds/", include("opendata.urls")),
    path("api/schema/", search_api.api_description, name="api_description"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages carry the language in the URL (/de/…, /ar/…), so a shared link opens in
# the language it was sent in; "/" redirects by the browser's Accept-Language.
urlpatterns += i18n_patterns(
    path("", include("cms.urls")),
    path("", include(wagtail_urls)),
)
