"""A connection reset mid-response, as when a proxy or the server dies while answering.

``cut_short(request, response)`` sends the status line, the headers (with the full ``Content-Length``)
and the first half of the body, then shuts the socket down: the client sees a body shorter than
announced and the connection closed (``IncompleteRead`` in urllib3, ``RemoteProtocolError`` in httpx).
Whatever the call changed stays changed: only the answer is lost. Both simulators use it; neither
shares code with the clients they test.
"""

from __future__ import annotations

import socket

from werkzeug.wrappers import Request, Response


def cut_short(request: Request, response: Response) -> Response:
    """``response`` announced in full, sent half-way, then the connection closed."""
    body = response.get_data()
    sent = body[: max(1, len(body) // 2)] if len(body) > 1 else b""
    connection = request.environ.get("werkzeug.socket")

    def close() -> None:
        if connection is not None:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    if not body:  # (werkzeug sends no body at all for a 204: close now, before the status line)
        close()
        return response

    def half_then_close():
        yield sent  # the server writes the status line and headers with the first chunk
        close()

    cut = Response(half_then_close(), status=response.status_code, headers=list(response.headers.items()))
    cut.headers["Content-Length"] = str(len(body))
    return cut
