"""A stateful Odoo 18 simulator speaking JSON-RPC and the JSON-2 API (see README.md).

``start_in_thread(port=0)`` returns a running server with ``url``, ``port``, ``state`` and
``shutdown()``; ``amzbus simulator odoo`` runs one from the command line.
"""

from .server import RunningOdooSimulator, start_in_thread

__all__ = ["RunningOdooSimulator", "start_in_thread"]
