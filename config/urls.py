from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views

# Machine interfaces and the admin have no language prefix.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages carry the language in the URL (/de/…, /ar/…), so a shared link opens in
# the language it was sent in; "/" redirects by the browser's Accept-Language.
urlpatterns += i18n_patterns(
    path("angebote/", cms_views.offer_list, name="offer_list"),
    path("angebote/<slug:slug>/", cms_views.offer_detail, name="offer_detail"),
    path("angebote/<slug:slug>/problem/", cms_views.problem_report, name="problem_report"),
    path("anbieter/<slug:slug>/", cms_views.provider_detail, name="provider_detail"),
    path("aktuell/<str:token>/", cms_views.freshness_answer, name="freshness_answer"),
    # Accounts of professionals (group "Fachkraft"), on the public site in their language.
    path(
        "anmelden/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("abmelden/", auth_views.LogoutView.as_view(next_page="offer_list"), name="logout"),
    path(
        "passwort/",
        cms_views.ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "passwort/gesendet/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort/neu/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "passwort/fertig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("merkliste/", cms_views.shortlist_page, name="shortlist"),
    path("merkliste/aendern/", cms_views.shortlist_change, name="shortlist_change"),
    path("merkliste/bogen/", cms_views.referral_sheet, name="referral_sheet"),
    path("liste/<str:token>/", cms_views.shared_list, name="shared_list"),
    path("", include(wagtail_urls)),
)
