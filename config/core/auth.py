"""Signing in: a focal point's login is their e-mail, which people type as they like.

``Focal.Point@Mission.example`` and ``focal.point@mission.example`` are the same address and the
same account, on every sign-in form and the API's token endpoint; the guessing lockout counts
them as one (``sign_in_username``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def sign_in_username(request, credentials):
    """The name django-axes counts failures under: as typed, without the case."""
    return (credentials or {}).get("username", "").strip().casefold()


class CaseInsensitiveModelBackend(ModelBackend):
    """Django's backend, matching the username without regard to case: an exact match first,
    else the one account whose name differs only by case (none when two do)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        username = username if username is not None else kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
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
