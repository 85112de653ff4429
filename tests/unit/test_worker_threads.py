"""A worker's threads by default: enough for its batches of orders in Odoo at once."""

from __future__ import annotations

import pytest

from amzbus.bus.config_file import load_settings
from amzbus.ops.worker import default_threads

ODOO = '[odoo]\nurl = "https://odoo.example.com/"\ndatabase = "prod"\nuser = "bus"\npassword_env = "ODOO_PASSWORD"\n'


def settings(tmp_path, text: str):
    path = tmp_path / "amzbus.toml"
    path.write_text('[bus]\nbroker_url = "redis://r:6379/1"\n' + text)
    return load_settings(path, environ={"ODOO_PASSWORD": "secret"})


@pytest.mark.parametrize("batching, threads", [
    ("", 80),                                                      # batches of 40, two at once
    ("order_batch_size = 30\norder_batches_at_once = 3\n", 90),
    ("order_batch_size = 1\n", 8),                                 # one by one: never fewer than 8
])
def test_a_worker_has_a_thread_for_each_order_of_its_batches_at_once(tmp_path, batching, threads):
    assert default_threads(settings(tmp_path, ODOO + batching)) == threads


def test_a_worker_without_odoo_has_eight_threads(tmp_path):
    assert default_threads(settings(tmp_path, "")) == 8
