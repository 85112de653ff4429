"""Each seller's products: SKUs (some with ``/``, ``#``, spaces or umlauts, to exercise URL encoding),
ASINs, titles and prices per marketplace, FBM or FBA. Seeded, so the same seed gives the same catalog."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from decimal import Decimal

from .accounts import SellerAccount
from .marketplaces import SimMarketplace

FBM, FBA = "MERCHANT", "AMAZON"

TEMPLATES = (
    ("Ceramic Coffee Mug 350 ml", "MUG-350", "19.99", "DRINKING_CUP"),
    ("Organic Cotton T-Shirt, Red, M", "TSHIRT/RED-M", "24.99", "SHIRT"),
    ("Art Print Poster #12, A3", "POSTER #12 A3", "14.50", "POSTER"),
    ("Holzbürste für Kleidung", "BÜRSTE-HOLZ", "12.90", "BRUSH"),
    ("Stainless Steel Water Bottle 750 ml", "BOTTLE-750-SS", "29.95", "BOTTLE"),
    ("Bamboo Cutting Board, Large", "BOARD-BAMBOO-L", "34.00", "CUTTING_BOARD"),
    ("LED Desk Lamp with USB-C", "LAMP-LED-USBC", "45.99", "LAMP"),
    ("Yoga Mat 6 mm, Purple", "YOGA-MAT-6MM-PRP", "39.90", "EXERCISE_MAT"),
    ("Notebook A5 Dotted, 3-Pack", "NOTEBOOK-A5-3PK", "16.49", "NOTEBOOK"),
    ("Café Crème Espresso Cups (Set of 4)", "CUPS-ESPRESSO-4", "27.50", "DRINKING_CUP"),
    ("Wireless Mouse, Silent Click", "MOUSE-WL-SILENT", "21.99", "COMPUTER_INPUT_DEVICE"),
    ("Kids' Puzzle 100 Pieces – Ocean", "PUZZLE-100-OCEAN", "13.99", "PUZZLE"),
    ("Phone Stand, Aluminium", "STAND-PHONE-ALU", "18.99", "PHONE_ACCESSORY"),
    ("Scented Candle Lavender 200 g", "CANDLE-LAV-200", "15.99", "CANDLE"),
    ("Universal Travel Adapter", "ADAPTER-TRAVEL-UNI", "23.49", "ELECTRICAL_ADAPTER"),
    ("Garden Gloves, Size 8", "GLOVES-GARDEN-8", "9.99", "GLOVES"),
)
FBM_COUNT = 10


@dataclass(frozen=True)
class Product:
    sku: str
    asin: str
    fn_sku: str | None
    title: str
    channel: str
    base_price: Decimal
    product_type: str

    def unit_price(self, marketplace: SimMarketplace) -> Decimal:
        """The marketplace's selling price: the base price converted, ending in .99."""
        return Decimal(int(self.base_price * marketplace.price_factor)) + Decimal("0.99")


def build_catalog(account: SellerAccount, seed: int) -> dict[str, Product]:
    rng = random.Random(f"amazon-simulator-catalog-{seed}-{account.seller_id}")
    products = {}
    for index, (title, sku, price, product_type) in enumerate(TEMPLATES):
        channel = FBM if index < FBM_COUNT else FBA
        sku = sku if channel == FBM else f"FBA-{sku}"
        products[sku] = Product(
            sku=sku,
            asin="B0" + _code(rng, 8),
            fn_sku="X00" + _code(rng, 7) if channel == FBA else None,
            title=title,
            channel=channel,
            base_price=Decimal(price),
            product_type=product_type,
        )
    return products


def _code(rng: random.Random, length: int) -> str:
    return "".join(rng.choices(string.ascii_uppercase + string.digits, k=length))
