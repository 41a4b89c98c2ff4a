"""Webhooks: the signature of what the planner sends, its check, and where it may be sent.

A delivery is a POST of a JSON body with three headers (Stripe's shape):

- ``Planner-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>``:
  the receiver recomputes it with the endpoint's secret and refuses a signature that differs or
  a time more than five minutes away from its clock (a replayed request);
- ``Planner-Event-Id``: the event's id (a UUID), the same on every attempt, so that a receiver
  that was sent an event twice (a retry after an answer lost on the way) acts on it once;
- ``Planner-Event-Type``: what happened (``schedule.released``, ...).

Where a webhook may go: an organiser types the address, and the planner's workers make the
request, from inside the deployment's network. Unless private addresses are allowed (a
development machine, the tests), only ``https://`` addresses whose host resolves to public
addresses only are taken: not private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback,
link-local (169.254/16, the cloud's metadata service), shared (100.64/10), reserved,
unspecified or multicast. The address is checked when the endpoint is saved, and again on each
delivery on the very addresses the connection is made to (``connection_open``): a name that
resolved to a public address when it was saved and resolves to 127.0.0.1 now (DNS rebinding)
is refused before anything is sent. Redirects are never followed.

Imports no app: the event's webhook service and the tests use it.
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SIGNATURE_HEADER = "Planner-Signature"
EVENT_ID_HEADER = "Planner-Event-Id"
EVENT_TYPE_HEADER = "Planner-Event-Type"
#: How far a signature's time may be from the receiver's clock: an older one is a replay.
SIGNATURE_TOLERANCE_SECONDS = 300
SECRET_PREFIX = "whsec_"
#: Seconds to connect (DNS resolution aside) and to wait between two reads of the answer.
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 5.0
#: How much of an answer is kept in the delivery log.
EXCERPT_CHARS = 300
USER_AGENT = "treaty-event-planner-webhooks/1"


# Signing -----------------------------------------------------------------------------------


def secret_generate():
    """A new endpoint secret: 32 random bytes, URL-safe, with a prefix that says what it is."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def body_encode(payload):
    """The bytes sent for a payload: compact UTF-8 JSON, keys sorted (the same on each try)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret, timestamp, body):
    """Hex HMAC-SHA256 of ``"<timestamp>.<body>"`` with the secret."""
    signed = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret, body, *, timestamp=None):
    """The ``Planner-Signature`` value: ``t=<unix time>,v1=<signature>``."""
    timestamp = int(time.time() if timestamp is None else timestamp)
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


class SignatureError(ValueError):
    """A signature that does not prove the body came from the planner, now."""


def signature_verify(secret, body, header, *, tolerance=SIGNATURE_TOLERANCE_SECONDS, now=None):
    """Check a ``Planner-Signature`` header against the body as received; its time, or
    ``SignatureError``.

    What a receiver runs: any ``v1`` may match (a receiver may be handed several), compared in
    constant time; a time further than ``tolerance`` seconds from ``now`` is refused.
    """
    timestamp, candidates = None, []
    for item in (header or "").split(","):
        key, _sep, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            candidates.append(value)
    if timestamp is None or not candidates:
        raise SignatureError("The signature header has no time or no v1 signature.")
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise SignatureError("The signature's time is too far from now (a replay?).")
    expected = signature(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise SignatureError("The signature does not match the body.")
    return timestamp


# Where a webhook may go --------------------------------------------------------------------


def address_is_public(address):
    """Whether an IP address is one a webhook may reach: public, unicast."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
    )


def resolve(host, port):
    """The addresses a host name resolves to (an IP literal: itself), in the resolver's order.

    Tests replace this function to play DNS (a name that resolves to 10.0.0.1).
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _literal(host):
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


class AddressRefused(Exception):
    """The endpoint's host is, or resolves to, an address a webhook may not reach."""


def addresses_allowed(host, port, *, allow_private):
    """The addresses to connect to for ``host``: all of them public unless ``allow_private``.

    Raises ``AddressRefused`` when one of them is not public (a name with one private address
    among public ones is refused whole: the connection could be made to any of them), and
    ``socket.gaierror`` when the name does not resolve.
    """
    literal = _literal(host)
    addresses = [literal] if literal else resolve(host, port)
    if not addresses:
        raise socket.gaierror(f"{host} resolves to no address")
    if not allow_private:
        for address in addresses:
            if not address_is_public(address):
                raise AddressRefused(
                    f"{host} resolves to {address}, which is not a public address"
                    if not literal
                    else f"{address} is not a public address"
                )
    return addresses


def url_check(url, *, allow_private):
    """Refuse (``ValidationError``) an endpoint address webhooks may not be sent to.

    Always: a URL that is not http(s), has no host, or carries a user name or password (the
    signature is what authenticates). Unless ``allow_private``: http, and a host that is, or
    resolves to, an address that is not public.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("Enter a valid URL."), code="invalid") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Enter an https:// address."), code="scheme")
    if scheme != "https" and not allow_private:
        raise ValidationError(
            _("Webhooks are sent to https:// addresses only (they carry the event's data)."),
            code="scheme",
        )
    if parts.username or parts.password:
        raise ValidationError(
            _(
                "Leave the user name and password out of the address: the signature proves "
                "who sends the webhook."
            ),
            code="credentials",
        )
    if allow_private:
        return
    try:
        addresses_allowed(parts.hostname, port or 443, allow_private=False)
    except AddressRefused:
        raise ValidationError(
            _(
                "%(host)s is, or resolves to, a private, local or reserved address: webhooks "
                "are sent to public addresses only."
            )
            % {"host": parts.hostname},
            code="private",
        ) from None
    except (OSError, UnicodeError):
        raise ValidationError(
            _("%(host)s cannot be resolved: check the host name.") % {"host": parts.hostname},
            code="unresolved",
        ) from None


# Sending -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What the endpoint answered: its status code and the start of its body."""

    status: int
    excerpt: str


class DeliveryError(Exception):
    """The request could not be made or had no answer; ``retry`` says whether a later try may
    fare better (a timeout, a refused connection) or not (a refused address)."""

    def __init__(self, message, *, retry):
        super().__init__(message)
        self.retry = retry


def _guarded_backend(allow_private):
    """httpcore's own network backend, but the connection goes to an address resolved and
    checked here, never to one the name resolves to later (DNS rebinding). TLS is still
    started with the host name (SNI, and the certificate checked against the name)."""
    import httpcore

    class GuardedBackend(httpcore.SyncBackend):
        def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            last_error = None
            for address in addresses_allowed(host, port, allow_private=allow_private):
                try:
                    return super().connect_tcp(
                        address,
                        port,
                        timeout=timeout,
                        local_address=local_address,
                        socket_options=socket_options,
                    )
                except httpcore.ConnectError as error:
                    last_error = error
            raise last_error

    return GuardedBackend()


def webhook_post(url, body, headers, *, allow_private, connect_timeout=None, read_timeout=None):
    """POST ``body`` to ``url``; the ``Answer``, or ``DeliveryError``.

    Short timeouts (a hanging endpoint holds a worker seconds, not minutes), no redirect
    followed, no proxy or credentials from the environment, only the first ``EXCERPT_CHARS``
    of the answer read.
    """
    import httpcore

    connect = CONNECT_TIMEOUT if connect_timeout is None else connect_timeout
    read = READ_TIMEOUT if read_timeout is None else read_timeout
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **headers,
    }
    timeouts = {"connect": connect, "read": read, "write": read, "pool": connect}
    try:
        with (
            httpcore.ConnectionPool(network_backend=_guarded_backend(allow_private)) as pool,
            pool.stream(
                "POST",
                url,
                headers=list(headers.items()),
                content=body,
                extensions={"timeout": timeouts},
            ) as response,
        ):
            kept = b""
            for chunk in response.iter_stream():
                kept += chunk
                if len(kept) >= EXCERPT_CHARS * 4:
                    break
    except AddressRefused as error:
        raise DeliveryError(str(error), retry=False) from None
    except socket.gaierror as error:
        raise DeliveryError(f"The host name could not be resolved ({error}).", retry=True) from None
    except httpcore.TimeoutException as error:
        raise DeliveryError(
            f"No answer in time ({type(error).__name__}: connect {connect} s, read {read} s).",
            retry=True,
        ) from None
    except (httpcore.UnsupportedProtocol, UnicodeError) as error:
        raise DeliveryError(f"Unsupported address: {error}", retry=False) from None
    except (httpcore.NetworkError, httpcore.ProtocolError, OSError) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}", retry=True) from None
    excerpt = kept.decode("utf-8", errors="replace")[:EXCERPT_CHARS]
    return Answer(status=response.status, excerpt=excerpt)
