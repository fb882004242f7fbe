"""The one TOML reader: every mistake names the file, the key and what is allowed."""

from __future__ import annotations

import pytest

from analytics import config
from analytics.config import ConfigError


def _doc(tmp_path, text: str) -> config.Section:
    path = tmp_path / "rules.toml"
    path.write_text(text, "utf-8")
    return config.read(path)


def test_choice_number_flag_and_missing_key_name_file_key_and_allowed_values(tmp_path):
    doc = _doc(tmp_path, 'mode = "loud"\n[limits]\nshare = 1.5\nstrict = "yes"\n[[bands]]\ntier = 3\n')
    with pytest.raises(ConfigError, match=r"rules.toml: mode: 'loud'; allowed: quiet, normal"):
        doc.choice("mode", ("quiet", "normal"))
    with pytest.raises(ConfigError, match=r"rules.toml: limits.share: 1.5; allowed: a number from 0 to 1"):
        doc.section("limits").number("share", low=0, high=1)
    with pytest.raises(ConfigError, match=r"limits.strict: 'yes'; allowed: true, false"):
        doc.section("limits").flag("strict", False)
    with pytest.raises(ConfigError, match=r"bands\[0\].name: missing key 'name'"):
        doc.items("bands")[0].require("name")
    assert doc.section("absent").get("anything", 7) == 7        # a missing table reads as empty


def test_an_unreadable_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"missing.toml: cannot read"):
        config.read(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match=r"bad.toml: cannot read"):
        (tmp_path / "bad.toml").write_text("x = = 1", "utf-8")
        config.read(tmp_path / "bad.toml")
