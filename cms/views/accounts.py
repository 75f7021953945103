"""Professionals' accounts on the public site: throttled password resets, and the page
django-axes answers with while a login is paused (admin and public login alike)."""

import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from directory.services.rate_limits import RateLimited, rate_limit_count


def login_paused(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """What django-axes answers while a login name or address is locked out."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, sending at most a few e-mails per address and per client an
    hour (counted in the shared cache), so nobody floods an inbox through us."""

    success_url = reverse_lazy("password_reset_done")
    limit_per_hour = 5

    def form_valid(self, form):
        try:
            for scope, client in (
                ("password-reset-client", self.request.META.get("REMOTE_ADDR", "")),
                ("password-reset-email", form.cleaned_data["email"].casefold()),
            ):
                rate_limit_count(scope, client, limit=self.limit_per_hour, window_seconds=3600)
        except RateLimited:
            form.add_error(
                "email", _("Too many requests for a new password. Please try again in an hour.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
