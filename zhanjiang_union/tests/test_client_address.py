"""The client's address: X-Forwarded-For believed only from TRUSTED_PROXIES."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from zhanjiang_union.clientip import UNKNOWN, client_ip, parse_trusted_proxies


def request_from(remote_addr: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_peer_is_the_client_whatever_header_it_sends(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    assert client_ip(request_from("127.0.0.1", "198.51.100.1")) == "127.0.0.1"


def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # nginx appends the address it was reached from; anything left of it is the client's own.
    assert client_ip(request_from("127.0.0.1", "203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from("127.0.0.1", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    # Two of our proxies in a row (a load balancer, then nginx).
    assert client_ip(request_from("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.1.2.3")) == ("203.0.113.9")
    assert client_ip(request_from("10.9.9.9", "2001:db8::7")) == "2001:db8::7"


def test_a_forged_header_from_an_untrusted_peer_changes_nothing(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request_from("198.51.100.77", "203.0.113.9")) == "198.51.100.77"


def test_odd_headers_and_peers(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    # No header at all from our proxy: the proxy is the client (a health check).
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"
    # Garbage left of the hop our proxy wrote is never reached.
    assert client_ip(request_from("127.0.0.1", "<script>, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from("::1", "[2001:db8::5]:4431")) == "2001:db8::5"
    assert client_ip(request_from("::ffff:127.0.0.1", "203.0.113.9:5000")) == "203.0.113.9"
    assert client_ip(request_from("", "203.0.113.9")) == UNKNOWN


def test_a_bad_trusted_proxies_entry_stops_the_portal():
    assert [str(n) for n in parse_trusted_proxies(["10.0.0.0/8", " 127.0.0.1 ", ""])] == [
        "10.0.0.0/8",
        "127.0.0.1/32",
    ]
    with pytest.raises(ImproperlyConfigured):
        parse_trusted_proxies(["nginx.local"])
