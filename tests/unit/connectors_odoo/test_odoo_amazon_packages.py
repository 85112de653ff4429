"""Amazon's packages -> what the delivery validated at once keeps (pure parts)."""

from datetime import datetime, timedelta, timezone

from amzbus.connectors.odoo.amazon_packages import packages_note, tracking_ref
from amzbus.schemas import Package


def test_tracking_numbers_are_joined_by_commas_once_each_and_blanks_are_left_out():
    packages = (Package(tracking_number="1Z1"), Package(tracking_number=" 1Z2 "), Package(tracking_number="1Z1"),
                Package(tracking_number="  "), Package())
    assert tracking_ref(packages) == "1Z1,1Z2"
    assert tracking_ref((Package(carrier="UPS"),)) is None


def test_the_note_tells_every_package_even_one_without_carrier_or_tracking_number():
    berlin = timezone(timedelta(hours=1))
    packages = (Package(carrier="DHL", tracking_number="00340434", ship_time=datetime(2026, 11, 28, 11, 15,
                                                                                         tzinfo=berlin),
                        shipping_service="Paket"),
                Package())
    assert packages_note(packages) == ("Amazon's packages: DHL 00340434 shipped 2026-11-28 10:15 UTC (Paket); "
                                       "carrier unknown (no tracking number).")
