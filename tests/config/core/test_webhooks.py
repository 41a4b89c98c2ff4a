"""The webhooks' kernel: the signature and its check, where a webhook may go (the address rule,
at saving and on the connection itself), and the request's timeouts."""

import hashlib
import hmac
import socket
import time

import pytest
from django.core.exceptions import ValidationError

from config.core import webhooks
from config.core.webhooks import (
    DeliveryError,
    SignatureError,
    address_is_public,
    body_encode,
    secret_generate,
    signature_header,
    signature_verify,
    url_check,
    webhook_post,
)
from tests.ceremony.support.webhooks import Receiver

SECRET = "whsec_test-secret"
BODY = body_encode({"type": "ping", "data": {"title": "Séance plénière"}})


@pytest.fixture
def receiver():
    with Receiver() as running:
        running.secret = SECRET
        yield running


@pytest.fixture
def dns(monkeypatch):
    """Play DNS: names map to the addresses the test gives."""
    table = {}

    def resolve(host, port):
        if host not in table:
            raise socket.gaierror(f"unknown name {host}")
        return table[host]

    monkeypatch.setattr(webhooks, "resolve", resolve)
    return table


# Signing -----------------------------------------------------------------------------------


def test_the_signature_is_the_hmac_of_the_time_and_the_body():
    header = signature_header(SECRET, BODY, timestamp=1_761_350_400)
    expected = hmac.new(SECRET.encode(), b"1761350400." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1761350400,v1={expected}"


def test_a_receiver_accepts_what_was_signed_now():
    header = signature_header(SECRET, BODY)
    assert abs(signature_verify(SECRET, BODY, header) - time.time()) < 5


def test_a_tampered_body_is_refused():
    header = signature_header(SECRET, BODY)
    with pytest.raises(SignatureError, match="does not match"):
        signature_verify(SECRET, BODY.replace(b"ping", b"pong"), header)


def test_another_secret_is_refused():
    header = signature_header(SECRET, BODY)
    with pytest.raises(SignatureError, match="does not match"):
        signature_verify("whsec_another", BODY, header)


def test_an_old_signature_is_refused_as_a_replay():
    signed_at = 1_761_350_400
    header = signature_header(SECRET, BODY, timestamp=signed_at)
    assert signature_verify(SECRET, BODY, header, now=signed_at + 300) == signed_at
    with pytest.raises(SignatureError, match="too far"):
        signature_verify(SECRET, BODY, header, now=signed_at + 301)
    with pytest.raises(SignatureError, match="too far"):
        signature_verify(SECRET, BODY, header, now=signed_at - 301)


def test_a_changed_time_breaks_the_signature():
    header = signature_header(SECRET, BODY, timestamp=1_761_350_400)
    moved = header.replace("t=1761350400", "t=1761350500")
    with pytest.raises(SignatureError, match="does not match"):
        signature_verify(SECRET, BODY, moved, now=1_761_350_500)


@pytest.mark.parametrize("header", [None, "", "v1=abc", "t=1761350400", "t=soon,v1=abc", "garbage"])
def test_a_malformed_header_is_refused(header):
    with pytest.raises(SignatureError):
        signature_verify(SECRET, BODY, header, now=1_761_350_400)


def test_any_of_several_signatures_may_match():
    header = signature_header(SECRET, BODY, timestamp=1_761_350_400)
    assert signature_verify(
        SECRET, BODY, "t=1761350400,v1=0000," + header.split(",")[1], now=1_761_350_400
    )


def test_secrets_are_long_random_and_say_what_they_are():
    first, second = secret_generate(), secret_generate()
    assert first.startswith("whsec_") and len(first) >= 40 and first != second


def test_the_body_is_the_same_bytes_each_time():
    assert (
        body_encode({"b": 1, "a": "é"})
        == body_encode({"a": "é", "b": 1})
        == '{"a":"é","b":1}'.encode()
    )


# Where a webhook may go --------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "127.0.0.1",
        "0.0.0.0",
        "169.254.169.254",  # the cloud's metadata service
        "100.64.0.1",  # shared address space (carrier NAT)
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.10",  # documentation
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_private_local_reserved_and_multicast_addresses_are_not_public(address):
    assert not address_is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are(address):
    assert address_is_public(address)


def refusal(url, **kwargs):
    with pytest.raises(ValidationError) as caught:
        url_check(url, **kwargs)
    return caught.value


def test_only_https_in_production(dns):
    dns["hooks.example.org"] = ["93.184.215.14"]
    assert refusal("http://hooks.example.org/x", allow_private=False).code == "scheme"
    url_check("https://hooks.example.org/x", allow_private=False)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.0.0.7:8443/hook",
        "https://[::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://169.254.169.254/latest/meta-data/",
    ],
)
def test_private_address_literals_are_refused(url, dns):
    assert refusal(url, allow_private=False).code == "private"


def test_a_name_that_resolves_to_a_private_address_is_refused(dns):
    dns["intranet.example.org"] = ["10.0.0.5"]
    dns["mixed.example.org"] = ["93.184.215.14", "127.0.0.1"]
    assert refusal("https://intranet.example.org/x", allow_private=False).code == "private"
    assert refusal("https://mixed.example.org/x", allow_private=False).code == "private"


def test_a_name_that_does_not_resolve_is_refused_with_its_reason(dns):
    error = refusal("https://nowhere.example.org/x", allow_private=False)
    assert error.code == "unresolved" and "nowhere.example.org" in error.messages[0]


@pytest.mark.parametrize(
    "url", ["ftp://hooks.example.org/x", "https:///x", "mailto:a@example.org", "https://h:99999/"]
)
def test_what_is_not_a_web_address_is_refused_even_in_development(url):
    refusal(url, allow_private=True)


def test_credentials_in_the_address_are_refused():
    assert refusal("https://user:pw@hooks.example.org/x", allow_private=True).code == "credentials"


def test_development_allows_http_and_local_addresses():
    url_check("http://127.0.0.1:8000/hooks", allow_private=True)
    url_check("http://localhost/hooks", allow_private=True)


# Sending -----------------------------------------------------------------------------------


def post(url, **kwargs):
    headers = {"Planner-Signature": signature_header(SECRET, BODY), "Planner-Event-Id": "e1"}
    return webhook_post(url, BODY, headers, **kwargs)


def test_a_post_reaches_the_receiver_signed(receiver):
    answer = post(receiver.url, allow_private=True)
    assert (answer.status, answer.excerpt) == (200, "signature ok")
    (request,) = receiver.received
    assert request["verified"] is True and request["body"] == BODY
    assert request["content_type"] == "application/json" and request["event_id"] == "e1"


def test_a_local_address_is_refused_on_the_connection_in_production(receiver):
    with pytest.raises(DeliveryError, match="not a public address") as caught:
        post(receiver.url, allow_private=False)
    assert caught.value.retry is False
    assert receiver.received == []


def test_dns_rebinding_is_caught_on_the_connection(receiver, dns):
    """A name checked when saved that resolves to 127.0.0.1 when sent reaches nothing."""
    port = receiver.server.server_address[1]
    dns["hooks.example.org"] = ["93.184.215.14"]
    url_check("https://hooks.example.org/x", allow_private=False)
    dns["hooks.example.org"] = ["127.0.0.1"]
    with pytest.raises(DeliveryError, match="hooks.example.org resolves to 127.0.0.1"):
        post(f"http://hooks.example.org:{port}/x", allow_private=False)
    assert receiver.received == []


def test_the_connection_goes_to_the_address_checked(receiver, dns):
    """The request is made to the address resolved here, with the name as its host."""
    port = receiver.server.server_address[1]
    dns["hooks.example.org"] = ["127.0.0.1"]
    assert post(f"http://hooks.example.org:{port}/x", allow_private=True).status == 200
    assert receiver.received[0]["host"] == f"hooks.example.org:{port}"


def test_a_hanging_endpoint_times_out_fast(receiver):
    receiver.answers = ["hang"]
    started = time.monotonic()
    with pytest.raises(DeliveryError, match="No answer in time") as caught:
        post(receiver.url, allow_private=True, read_timeout=0.5)
    assert time.monotonic() - started < 3
    assert caught.value.retry is True


def test_a_closed_port_fails_to_be_tried_again():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DeliveryError) as caught:
        post(f"http://127.0.0.1:{port}/", allow_private=True)
    assert caught.value.retry is True


def test_a_redirect_is_not_followed(receiver):
    receiver.answers = [302]
    assert post(receiver.url, allow_private=True).status == 302
    assert len(receiver.received) == 1


def test_a_server_error_is_an_answer(receiver):
    receiver.answers = [500]
    assert post(receiver.url, allow_private=True).status == 500


def test_the_readmes_receiver_checks_what_the_planner_signs():
    """The few lines of Python the README gives receivers work on what is sent."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    assert "def verify" in code
    namespace = {}
    exec(code, namespace)  # noqa: S102 -- the project's own README
    verify = namespace["verify"]
    header = signature_header(SECRET, BODY)
    assert verify(SECRET, BODY, header)
    assert not verify(SECRET, BODY + b" ", header)
    assert not verify("whsec_another", BODY, header)
    assert not verify(SECRET, BODY, signature_header(SECRET, BODY, timestamp=time.time() - 600))
