"""deploy/nginx.conf in front of `sohoa serve`: clients that send headers or bodies too slowly are cut
off, a body over the upload limit is refused before it is read, and the proxy's own refusals come in the
API's error shape."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import free_port, unavailable
from tests.procs import nginx_conf, wait_for


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def proxied(tmp_path) -> Iterator[tuple[int, subprocess.Popen]]:
    yield from proxy_in_front(tmp_path)


def proxy_in_front(tmp_path) -> Iterator[tuple[int, subprocess.Popen]]:
    """The API (one process, embedded mode) behind nginx; yields nginx's port and the API process."""
    if shutil.which("nginx") is None:
        unavailable("nginx (Debian package nginx; scripts/setup.sh --test)")
    api_port, port = free_port(), free_port()
    env = {**os.environ, "SOHOA_DATA_DIR": str(tmp_path / "data")}
    for name in ("DATABASE_URL", "REDIS_URL", "S3_ENDPOINT"):
        env.pop(name, None)
    api = subprocess.Popen([sys.executable, "-m", "sohoa.cli", "serve", "--port", str(api_port)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    proxy = subprocess.Popen(["nginx", "-c", str(nginx_conf(tmp_path, api_port, port)), "-e", "stderr",
                              "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                             start_new_session=True)
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/health"), 60, "the API to answer through nginx")
        yield port, api
    finally:
        for proc in (proxy, api):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)


def closed_by_server(sock: socket.socket) -> bytes:
    """Whatever the server sends until it closes the connection (a socket timeout fails the test)."""
    received = b""
    while chunk := sock.recv(4096):
        received += chunk
    return received


def test_slow_headers_and_slow_bodies_are_cut_off(proxied):
    port, _ = proxied
    # Under nginx's defaults (60 s) these would time out here first.
    slow_header = socket.create_connection(("127.0.0.1", port), timeout=45)
    slow_body = socket.create_connection(("127.0.0.1", port), timeout=45)
    try:
        slow_header.sendall(b"GET /health HTTP/1.1\r\nHost: sohoa\r\n")  # and never the blank line
        slow_body.sendall(b"POST /dossiers HTTP/1.1\r\nHost: sohoa\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 1000\r\n\r\n{\"unit_code\": ")  # and never the rest
        assert b"200 OK" not in closed_by_server(slow_header)
        assert b"201" not in closed_by_server(slow_body)
    finally:
        slow_header.close()
        slow_body.close()


def test_a_body_over_the_limit_is_refused_before_it_is_read(proxied):
    port, _ = proxied
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"POST /dossiers/1/attachments HTTP/1.1\r\nHost: sohoa\r\nAuthorization: Bearer x\r\n"
                     b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 60000000\r\n\r\n")
        head, _, body = closed_by_server(sock).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413") and b"application/json" in head
    assert b'"code": "too_large"' in body and "vượt quá".encode() in body


def test_the_api_down_answers_503_in_the_error_shape(proxied):
    port, api = proxied
    os.killpg(api.pid, signal.SIGKILL)
    api.wait(30)
    response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=30)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"


def test_the_session_cookie_is_secure_when_the_browser_came_over_tls(tmp_path):
    """A TLS terminator in front of nginx says https in X-Forwarded-Proto: nginx passes it on and the API
    (trusting its loopback proxy) marks the session cookies Secure; a plain HTTP request gets them without."""
    from api.auth import create_user, issue_token
    from core.settings import Settings
    from sohoa.services import build

    services = build(Settings(data_dir=tmp_path / "data"))  # the database the API process below opens
    with services.sessions() as session:
        token = issue_token(session, create_user(session, "qua-tls", "clerk", "000.17.22.H56"))
    services.engine.dispose()
    proxied = proxy_in_front(tmp_path)
    port, _ = next(proxied)
    try:
        url = f"http://127.0.0.1:{port}/session"
        over_tls = httpx.post(url, json={"token": token}, headers={"X-Forwarded-Proto": "https"}, timeout=30)
        plain = httpx.post(url, json={"token": token}, timeout=30)
    finally:
        proxied.close()
    assert over_tls.status_code == plain.status_code == 200
    assert all("secure" in c.lower() for c in over_tls.headers.get_list("set-cookie"))
    assert not any("secure" in c.lower() for c in plain.headers.get_list("set-cookie"))
