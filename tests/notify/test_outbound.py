"""The address guard around Apprise: HTTP and SMTP connections are checked before
they are opened; nothing changes outside a guarded block."""

from __future__ import annotations

import socket
import threading

import pytest
import requests

from redline.notify.outbound import check_host_port, guarded
from redline.notify.services import deliver, load
from redline.track.guard import BlockedAddressError


class Listener:
    """A TCP socket on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture()
def listener():
    item = Listener()
    yield item
    item.close()


def test_smtp_to_loopback_is_refused_before_connecting(listener: Listener) -> None:
    service = load(
        f"mailto://bot:pw123456@example.com:{listener.port}"
        "?smtp=127.0.0.1&from=bot@example.com&to=desk@example.com"
    )
    outcome = deliver(service, title="t", body="b")
    assert not outcome.ok and not outcome.retryable
    assert "not a public address" in outcome.detail and "pw123456" not in outcome.detail
    assert listener.accepted == 0


def test_allowed_origin_admits_that_host_and_port_only(listener: Listener) -> None:
    allow = frozenset({f"http://127.0.0.1:{listener.port}"})
    check_host_port("127.0.0.1", listener.port, allow)  # admitted
    with pytest.raises(BlockedAddressError):
        check_host_port("127.0.0.1", listener.port + 1, allow)
    with pytest.raises(BlockedAddressError):
        check_host_port("169.254.169.254", 80, frozenset({"http://169.254.169.254:80"}))
    with guarded(allow) as scope:
        socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
    assert scope.refused == []


def test_http_requests_in_a_scope_are_checked_and_recorded(listener: Listener) -> None:
    url = f"http://127.0.0.1:{listener.port}/"
    with guarded(frozenset()) as scope, pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=2)
    assert scope.refused and "not a public address" in scope.refused[0]
    assert listener.accepted == 0
    # outside a scope nothing is checked: the connection is made
    with pytest.raises(requests.RequestException):
        requests.get(url, timeout=2)
    assert listener.accepted == 1
