"""Clients as the planner's integrations use it."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def api_client(user=None):
    """A client that signs in with the user's token, as an integration would."""
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
