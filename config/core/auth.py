"""Signing in: a focal point's login is their e-mail, which people type as they like.

``Focal.Point@Mission.example`` and ``focal.point@mission.example`` are the same address and the
same account, on every sign-in form and the API's token endpoint; the guessing lockout counts
them as one (``sign_in_username``).

Guessing is held three ways: django-axes locks an account from one address after a few wrong
passwords (``AXES_FAILURE_LIMIT``); an account is locked from every address after more wrong
passwords from anywhere (``SIGN_IN_ACCOUNT_FAILURE_LIMIT``, counted on django-axes' own
records), which its owner lifts by resetting the password by e-mail (``sign_in_unlock``); and
each address may try only so many sign-ins a minute on every form (``sign_in_rate``).
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum
from django.utils import timezone

from .throttling import throttled


def sign_in_username(request, credentials):
    """The name django-axes counts failures under: as typed, without the case."""
    return (credentials or {}).get("username", "").strip().casefold()


def account_failures(username):
    """Wrong passwords for this account from every address within the cool-off time."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    return (
        AccessAttempt.objects.filter(
            username=sign_in_username(None, {"username": username}),
            attempt_time__gte=timezone.now() - get_cool_off(),
        ).aggregate(failures=Sum("failures_since_start"))["failures"]
        or 0
    )


def sign_in_unlock(username):
    """Forget the account's failed sign-ins, from every address: its owner proved who they are
    (a password reset by e-mail)."""
    from axes.utils import reset

    reset(username=sign_in_username(None, {"username": username}))


def sign_in_rate(view):
    """Decorate a sign-in (or password reset) view: each client address may post only
    ``DEFAULT_THROTTLE_RATES["sign_in"]`` a minute, across usernames; showing the form is free."""
    limited = throttled("sign_in")(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return (limited if request.method == "POST" else view)(request, *args, **kwargs)

    return wrapper


class CaseInsensitiveModelBackend(ModelBackend):
    """Django's backend, matching the username without regard to case: an exact match first,
    else the one account whose name differs only by case (none when two do). An account with
    too many wrong passwords from everywhere signs in from nowhere until it is unlocked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        username = username if username is not None else kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        if account_failures(username) >= settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT:
            if request is not None:
                # django-axes' middleware and the token view answer this as a lockout.
                request.axes_locked_out = True
            return None
        lookup = {f"{User.USERNAME_FIELD}__iexact": username}
        candidates = list(User._default_manager.filter(**lookup))
        exact = [user for user in candidates if user.get_username() == username]
        found = exact or candidates
        if len(found) != 1:
            # As Django's backend does for a missing user: hash once, so that timing does not
            # tell an existing name from a missing one.
            User().set_password(password)
            return None
        user = found[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
