"""Invitations: a municipal administrator adds an editor by e-mail; the invited person
sets their own password through a one-time link (Django's password-reset tokens)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from ..models import Provider
from ..roles import MODERATORS, PROFESSIONALS, PROVIDER_EDITORS

# Professionals log in on the public site; editors in the admin.
PASSWORD_LINK = {PROFESSIONALS: "password_reset_confirm"}
# What the invitation says the person will do – a social worker does not maintain entries.
ROLE_TEXTS = {
    PROFESSIONALS: _(
        "%(inviter)s invites you to a professional's account in the directory of offers for "
        "families. With it you also see notes and offers meant for professionals "
        "(waiting times, referral channels) and can hand families referral sheets."
    ),
    PROVIDER_EDITORS: _(
        "%(inviter)s invites you to keep your organisation's listings in the directory of "
        "offers for families up to date. The municipal editors check your changes before "
        "they appear."
    ),
    MODERATORS: _(
        "%(inviter)s invites you to the municipal editorial team of the directory of offers "
        "for families: you check, approve and publish the listings."
    ),
}


class AlreadyRegistered(Exception):
    """Someone with this e-mail address already has an account (as address or login name)."""


def editor_invite(
    *, email: str, name: str, role: str, providers: list[Provider], invited_by
) -> None:
    """Create the account (no password yet) and e-mail the link to set one."""
    User = get_user_model()
    # The address becomes the login name, which an older account may already use.
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
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
    inviter = invited_by.get_full_name() or invited_by.email
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "link": link,
            "providers": providers,
            "role_text": ROLE_TEXTS.get(role, ROLE_TEXTS[PROVIDER_EDITORS]) % {"inviter": inviter},
        }
        subject = render_to_string("directory/email/invitation_subject.txt", context).strip()
        body = render_to_string("directory/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
