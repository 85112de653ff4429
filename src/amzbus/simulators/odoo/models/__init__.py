"""The simulated Odoo 18 models; importing this package registers them all."""

from . import (  # noqa: F401  (imported for their registration)
    base,
    mail,
    partner,
    product,
    sale_order,
    sale_order_line,
    sale_wizards,
    stock_location,
    stock_move,
    stock_picking,
    stock_quant,
    stock_wizards,
    tax,
)
