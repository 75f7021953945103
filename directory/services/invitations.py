"""Invitations: a municipal administrator adds an editor by e-mail; the invited person
sets their own password through a one-time link (Django's password-reset tokens)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..models import Provider
from ..roles import PROFESSIONALS, PROVIDER_EDITORS

# Professionals log in on the public site; editors in the admin.
PASSWORD_LINK = {PROFESSIONALS: "password_reset_confirm"}


class AlreadyRegistered(Exception):
    """Someone with this e-mail address already has an account."""


def editor_invite(
    *, email: str, name: str, role: str, providers: list[Provider], invited_by
) -> None:
    """Create the account (no password yet) and e-mail the link to set one."""
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        raise AlreadyRegistered
    with transaction.atomic():
        first_name, _space, last_name = name.partition(" ")
        user = User.objects.create_user(
            username=email.lower(), email=email, first_name=first_name, last_name=last_name
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        if role == PROVIDER_EDITORS:
            for provider in providers:
                provider.editors.add(user)
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url_name = PASSWORD_LINK.get(role, "wagtailadmin_password_reset_confirm")
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(url_name, kwargs={"uidb64": uid, "token": token})
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
    context = {"user": user, "link": link, "invited_by": invited_by, "providers": providers}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("directory/email/invitation_subject.txt", context).strip()
        body = render_to_string("directory/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
