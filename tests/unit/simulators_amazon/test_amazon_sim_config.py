"""--print-config: TOML that amzbus's own configuration reader accepts, plus the credential exports."""

from __future__ import annotations

import re
import tomllib

from click.testing import CliRunner

from amzbus.bus.config_file import settings_from_mapping
from amzbus.simulators.amazon.accounts import seeded_accounts
from amzbus.simulators.amazon.command import amazon


def _printed(*args: str) -> str:
    result = CliRunner().invoke(amazon, ["--print-config", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_printed_configuration_is_read_by_amzbus_with_the_exported_credentials():
    # Given the configuration printed for port 8123 and seed 5
    text = _printed("--port", "8123", "--seed", "5")
    environ = dict(re.findall(r"^# export (\w+)='([^']*)'$", text, flags=re.MULTILINE))
    # When amzbus reads it, with the exported variables set
    settings = settings_from_mapping(tomllib.loads(text), source="print-config", environ=environ)
    # Then both accounts point at the simulator, with the simulator's seller ids and credentials
    na, eu = seeded_accounts(5)
    assert [a.name for a in settings.accounts] == ["sim-na", "sim-eu"]
    assert settings.accounts[0].api_endpoint == "http://127.0.0.1:8123"
    assert [a.seller_id for a in settings.accounts] == [na.seller_id, eu.seller_id]
    assert [m.code for m in settings.accounts[1].marketplaces] == ["DE", "ES", "FR", "UK", "IT", "NL"]
    assert settings.accounts[0].credentials(environ) == {"lwa_app_id": na.lwa_client_id,
                                                         "lwa_client_secret": na.lwa_client_secret,
                                                         "refresh_token": na.refresh_token}


def test_the_printed_configuration_depends_only_on_the_seed_and_address():
    assert _printed("--seed", "3") == _printed("--seed", "3")
    assert _printed("--seed", "3") != _printed("--seed", "4")
    assert "AMZBUS_EU_REFRESH_TOKEN" in _printed()


def test_extra_accounts_have_their_own_sellers_credentials_and_variable_names():
    accounts = seeded_accounts(5, extra_accounts=3)
    assert [a.name for a in accounts] == ["sim-na", "sim-eu", "sim-na-03", "sim-eu-04", "sim-na-05"]
    assert accounts[:2] == seeded_accounts(5)  # the base accounts do not change
    for attribute in ("seller_id", "refresh_token", "lwa_client_id", "env_prefix"):
        assert len({getattr(a, attribute) for a in accounts}) == 5
    assert accounts[3].region == "EU" and accounts[3].marketplace_codes == accounts[1].marketplace_codes
