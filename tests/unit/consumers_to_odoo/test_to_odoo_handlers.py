"""What the handlers refuse before touching Odoo: events of an unknown account or marketplace."""

from __future__ import annotations

import pytest

from amzbus.bus.errors import PermanentError
from amzbus.bus.settings import Settings
from amzbus.consumers.to_odoo import ToOdoo
from amzbus.schemas import OrderCancelled, envelop
from to_odoo_orders import account, order


def handlers() -> ToOdoo:
    settings = Settings(accounts=(account("na-main"),), source="amzbus.toml")
    return ToOdoo(odoo=None, offer_table=None, locks=None, settings=settings, fallback_log=None, cancelled_orders=None)


def test_an_order_of_an_account_not_configured_is_a_permanent_error_naming_it():
    envelope = envelop(order(), account="eu-other", marketplace_id="ATVPDKIKX0DER")
    with pytest.raises(PermanentError, match="no account named 'eu-other'") as refused:
        handlers().apply_order_placed(envelope)
    assert refused.value.code == "unknown_account"
    with pytest.raises(PermanentError, match="no account named 'eu-other'"):
        handlers().apply_order_cancelled(envelop(OrderCancelled(order_id="111-1111111-1111111"), account="eu-other"))


def test_an_order_of_an_unknown_marketplace_is_a_permanent_error_naming_it():
    envelope = envelop(order(), account="na-main", marketplace_id="A0UNKNOWN0000")
    with pytest.raises(PermanentError, match="unknown marketplace 'A0UNKNOWN0000'") as refused:
        handlers().apply_order_placed(envelope)
    assert refused.value.code == "unknown_marketplace"
