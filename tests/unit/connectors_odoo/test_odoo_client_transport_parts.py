"""Pure parts of the client: naming JSON-2 arguments, choosing the API, reading versions, the cache."""

import pytest

from amzbus.bus.errors import ConfigError
from amzbus.connectors.odoo.cache import TtlCache
from amzbus.connectors.odoo.json2 import json2_body
from amzbus.connectors.odoo.version import choose_api, parse_server_version


def test_json2_names_the_arguments_of_model_methods():
    assert json2_body("search_read", [[("state", "=", "sale")]], {"fields": ["name"], "limit": 5}) == {
        "domain": [("state", "=", "sale")], "fields": ["name"], "limit": 5}
    assert json2_body("create", [[{"name": "A"}]], {"context": {"lang": "en_US"}}) == {
        "vals_list": [{"name": "A"}], "context": {"lang": "en_US"}}


def test_json2_sends_the_first_argument_of_record_methods_as_ids():
    assert json2_body("write", [[4, 5], {"name": "B"}], {}) == {"ids": [4, 5], "vals": {"name": "B"}}
    assert json2_body("action_confirm", [[9]], {}) == {"ids": [9]}
    assert json2_body("message_post", [3], {"body": "hi"}) == {"ids": [3], "body": "hi"}


def test_json2_refuses_positional_arguments_it_cannot_name():
    with pytest.raises(TypeError, match="pass them by keyword"):
        json2_body("button_validate", [[1], {"unexpected": True}], {})
    with pytest.raises(TypeError, match="both by position and by keyword"):
        json2_body("search_read", [[]], {"domain": []})


@pytest.mark.parametrize("configured, major, has_key, expected", [
    ("jsonrpc", None, True, "jsonrpc"),
    ("json2", None, True, "json2"),
    ("auto", 18, True, "jsonrpc"),
    ("auto", 19, True, "json2"),
    ("auto", 20, False, "jsonrpc"),
    ("auto", 17, False, "jsonrpc"),
])
def test_the_api_is_the_configured_one_or_follows_the_server_version(configured, major, has_key, expected):
    assert choose_api(configured, server_major=major, has_api_key=has_key) == expected


def test_json2_without_an_api_key_is_a_configuration_error():
    with pytest.raises(ConfigError, match="api_key_env"):
        choose_api("json2", server_major=None, has_api_key=False)
    with pytest.raises(ConfigError, match="must be one of"):
        choose_api("xmlrpc", server_major=18, has_api_key=False)


@pytest.mark.parametrize("info, major", [
    ({"server_version": "18.0", "server_version_info": [18, 0, 0, "final", 0, ""]}, 18),
    ({"server_version": "saas~18.3", "server_version_info": ["saas~18", 3, 0, "final", 0, ""]}, 18),
    ({"server_version": "19.0+e"}, 19),
])
def test_server_versions_are_read_from_version_info(info, major):
    assert parse_server_version(info).major == major


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_the_cache_forgets_entries_after_their_lifetime():
    # Given a cache holding an entry for 10 s
    clock = Clock()
    cache = TtlCache(ttl_seconds=10, clock=clock)
    cache.put("country:DE", 57)
    # When 9 s pass it is still there, and after 10 s it is gone
    clock.now = 9
    assert cache.get("country:DE") == 57
    clock.now = 10
    assert cache.get("country:DE") is None


def test_the_cache_drops_the_least_recently_used_entry_when_full():
    cache = TtlCache(max_entries=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    assert len(cache) == 2


def test_the_cache_loads_a_missing_value_once():
    cache = TtlCache()
    loads = []
    for _ in range(3):
        assert cache.get_or_load("team:Amazon", lambda: loads.append(1) or 12) == 12
    assert loads == [1]
