"""The page behind a freshness reminder's signed link, for the provider (no login)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from directory.selectors import offer_get_any
from directory.services import freshness

from ..forms import FreshnessAnswerForm


def freshness_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind a reminder's signed link: confirm the listing or report changes."""
    try:
        reminder = freshness.reminder_from_token(token)
    except freshness.LinkExpired:
        return render(request, "cms/freshness_link.html", {"expired": True}, status=410)
    except freshness.LinkInvalid:
        return render(request, "cms/freshness_link.html", {"expired": False}, status=404)
    form = FreshnessAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST" and not reminder.answered_at:
        if "confirm" in request.POST:
            freshness.reminder_confirm(reminder)
        elif form.is_valid() and form.cleaned_data["message"].strip():
            freshness.reminder_report_changes(reminder, form.cleaned_data["message"].strip())
        else:
            if form.is_valid():
                form.add_error("message", _("Please describe what has changed."))
            status = 400
        if status == 200:  # answered: show the thanks, safe against a second submit
            return redirect(request.path)
    offer = offer_get_any(pk=reminder.offer_id)
    return render(
        request,
        "cms/freshness_answer.html",
        {"reminder": reminder, "offer": offer, "form": form},
        status=status,
    )
