"""The context of the calls that create, confirm and deliver what the bus imports: sale orders, their customers,
and the deliveries of FBA orders (which Amazon has already shipped).

``tracking_disable``: in those calls Odoo writes no "created" message, no field tracking and no follower. An
imported order's history is Amazon's; its chatter would only say that the integration user created and
confirmed it, and that user would follow every order (and be notified of every later message on it). Odoo
still subscribes the customer when it confirms the order, the pickings still link back to their order, and the
bus's own notes (gift messages, replacements) are posted as usual. Measured on a real Odoo 18: about a fifth
less Odoo time for a batch's create and confirm (bench/RESULTS.md).
"""

from __future__ import annotations

from typing import Final

IMPORT_CONTEXT: Final = {"tracking_disable": True}  # sent as it is: never changed
