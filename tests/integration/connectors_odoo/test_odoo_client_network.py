"""Failures below Odoo (nothing listening, a server that never answers, a proxy's error page, an answer cut
short) are retryable."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from amzbus.bus.errors import PermanentError, RetryableError
from amzbus.bus.settings import OdooSettings
from amzbus.connectors.odoo import OdooClient


def settings_for(url, *, timeout=0.5):
    return OdooSettings(url=url, database="amzbus", user="admin", password_env="ODOO_PASSWORD", api="jsonrpc",
                        timeout_seconds=timeout)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server():
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


@pytest.fixture
def proxy_answering(request):
    status = request.param

    class Proxy(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            page = f"<html><body><h1>{status} Bad Gateway</h1></body></html>".encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_nothing_listening_is_a_retryable_unreachable_error():
    # Given an Odoo URL where nothing listens
    client = OdooClient(settings_for(f"http://127.0.0.1:{free_port()}"), "secret")
    # When the client is used, Then the failure is retryable and names the URL
    with pytest.raises(RetryableError) as raised:
        client.search_read("res.partner", [], ["name"])
    assert raised.value.code == "odoo_unreachable"
    assert "127.0.0.1" in str(raised.value)
    assert client.round_trips == 1


def test_a_server_that_never_answers_times_out_as_a_retryable_error(silent_server):
    # Given an Odoo that accepts the connection and never answers, and a 0.3 s read timeout
    client = OdooClient(settings_for(silent_server, timeout=0.3), "secret")
    # When the client calls it, Then it gives up after the timeout with a retryable error
    with pytest.raises(RetryableError) as raised:
        client.connect()
    assert raised.value.code == "odoo_timeout"


@pytest.mark.parametrize("proxy_answering", [502, 503, 504], indirect=True)
def test_a_proxys_gateway_error_page_is_retryable(proxy_answering):
    client = OdooClient(settings_for(proxy_answering), "secret")
    with pytest.raises(RetryableError) as raised:
        client.connect()
    assert raised.value.code == "odoo_unavailable"


@pytest.fixture
def server_sending(request):
    """Answers 200 without a length (``Content-Type``, body) = ``request.param``, then closes the connection."""
    content_type, body = request.param
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connection.recv(65536)
            connection.sendall(f"HTTP/1.0 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


@pytest.mark.parametrize("server_sending", [("application/json", b'{"jsonrpc": "2.0", "id": 1, "resu')],
                         indirect=True)
def test_a_json_answer_cut_short_without_a_length_is_retryable(server_sending):
    # Given an Odoo whose answer stops mid-JSON and whose connection then closes (no length to tell)
    client = OdooClient(settings_for(server_sending), "secret")
    # When the client calls it, Then the failure is retryable, not a bad answer to dead-letter
    with pytest.raises(RetryableError) as raised:
        client.connect()
    assert raised.value.code == "odoo_unreachable" and "stopped mid-JSON" in str(raised.value)


@pytest.mark.parametrize("server_sending", [("text/html", b"<html><body>Log in</body></html>")], indirect=True)
def test_a_web_page_where_odoo_should_answer_is_permanent_and_points_at_the_url(server_sending):
    client = OdooClient(settings_for(server_sending), "secret")
    with pytest.raises(PermanentError) as raised:
        client.connect()
    assert raised.value.code == "odoo_bad_response" and "odoo.url" in str(raised.value)
