"""Focal points: the people who register a delegation, invited by e-mail or created by the
organisers, each with a login whose username is their e-mail."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core.locking import row_lock
from delegations.models import FocalPoint, FocalPointInvitation


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def focal_point_invite(*, delegation, email, invited_by, site_url):
    """Create a single-use invitation and e-mail its link (after the transaction commits)."""
    token = secrets.token_urlsafe(32)
    invitation = FocalPointInvitation(
        delegation=delegation,
        email=email.strip().lower(),
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=delegation.event.invitation_valid_days),
        invited_by=invited_by,
    )
    invitation.full_clean()
    invitation.save()
    link = site_url.rstrip("/") + reverse("portal:invitation_accept", args=[token])
    body = render_to_string(
        "portal/email/invitation.txt",
        {"invitation": invitation, "delegation": delegation, "link": link},
    )
    subject = _("Register the delegation of %(name)s") % {"name": delegation.name}
    transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))
    return invitation


def invitation_by_token(token):
    """The invitation a link points to, or a ValidationError that says why it cannot be used."""
    invitation = (
        FocalPointInvitation.objects.select_related("delegation__event")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used. Please sign in."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired. Ask the organisers to send a new one.")
        )
    return invitation


def _account_create(*, email, password, exists_message):
    """A focal point's login: the e-mail is the username; the password passes the validators."""
    User = get_user_model()
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError(exists_message)
    user = User(username=email, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def focal_point_account_create(*, delegation, email, password):
    """Organisers' shortcut (command line, demo): a focal point without an invitation e-mail."""
    email = email.strip().lower()
    user = get_user_model().objects.filter(username__iexact=email).first()
    if user is None:
        user = _account_create(
            email=email, password=password, exists_message=_("This account already exists.")
        )
    FocalPoint.objects.get_or_create(user=user, delegation=delegation)
    return user


@transaction.atomic
def invitation_accept(*, token, password, user=None):
    """Accept an invitation: a new account (with ``password``) or the signed-in ``user``.

    The invitation row is locked so that a link clicked twice at once is used once.
    """
    invitation = invitation_by_token(token)
    invitation = row_lock(FocalPointInvitation, invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used. Please sign in."))
    if user is None:
        user = _account_create(
            email=invitation.email,
            password=password,
            exists_message=_(
                "An account with this e-mail already exists: sign in, then open the link again."
            ),
        )
    FocalPoint.objects.get_or_create(user=user, delegation=invitation.delegation)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user
