"""The waitress internals `anbiao serve` needs, in one place behind a version check.

waitress's public API makes a server over sockets we have bound ourselves (`create_server(app,
sockets=[…], …)`, documented settings) and serves until Ctrl+C (`run()`, which ends cleanly on
KeyboardInterrupt). It has no way to stop a running server from another thread, which the tests and
the browser tests need (they serve in a thread and stop it). Stopping takes three internals: the
server's socket map (create_server's `map`), `wasyncore.close_all` over that map, and the task
dispatcher's `shutdown()`. They are used here and nowhere else, and only on the waitress versions
they were tested with (pyproject.toml pins that version); on any other version the server is made
with the public API alone and `stop()` leaves it to Ctrl+C, which is all `anbiao serve` itself needs.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

from waitress.server import create_server

TESTED = ("3.0.2",)  # waitress releases whose internals stop() was tested with
INSTALLED = version("waitress")
STOPPABLE = INSTALLED in TESTED  # can stop() end run() from another thread?


class WaitressServer:
    """A waitress server over bound sockets; `run()` serves until `stop()` (tested versions) or Ctrl+C."""

    def __init__(self, app: Callable[..., Any], sockets: list[socket.socket], **settings: Any) -> None:
        if STOPPABLE:
            self._map: dict[int, Any] = {}  # our own socket map, so that stop() can empty it and end run()
            self._server = create_server(app, map=self._map, sockets=sockets, **settings)
        else:
            self._server = create_server(app, sockets=sockets, **settings)

    def run(self) -> None:
        self._server.run()

    def stop(self) -> None:
        """End `run()` and close every connection; on an untested waitress, nothing (Ctrl+C ends it)."""
        if not STOPPABLE:
            return
        from waitress import wasyncore

        self._server.task_dispatcher.shutdown()
        wasyncore.close_all(self._map)
