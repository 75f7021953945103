"""The public site's own URLs (German paths, under the language prefix that
`config/urls.py` adds); Wagtail serves the content pages after these."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import freshness, offers, problem_reports, providers, results, shortlist

urlpatterns = [
    path("angebote/", results.offer_list, name="offer_list"),
    path("angebote/<slug:slug>/", offers.offer_detail, name="offer_detail"),
    path("angebote/<slug:slug>/problem/", problem_reports.problem_report, name="problem_report"),
    path("anbieter/<slug:slug>/", providers.provider_detail, name="provider_detail"),
    path("aktuell/<str:token>/", freshness.freshness_answer, name="freshness_answer"),
    # Accounts of professionals (group "Fachkraft"), on the public site in their language.
    path(
        "anmelden/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("abmelden/", auth_views.LogoutView.as_view(next_page="offer_list"), name="logout"),
    path(
        "passwort/",
        auth_views.PasswordResetView.as_view(success_url=reverse_lazy("password_reset_done")),
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
    path("merkliste/", shortlist.shortlist_page, name="shortlist"),
    path("merkliste/aendern/", shortlist.shortlist_change, name="shortlist_change"),
    path("merkliste/bogen/", shortlist.referral_sheet, name="referral_sheet"),
    path("liste/<str:token>/", shortlist.shared_list, name="shared_list"),
]
