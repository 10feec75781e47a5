"""Rule settings: the packaged file, an override file merged over it, checks, and replace()."""

from decimal import Decimal

import pytest

from qlaudit.settings import SettingsError, load_settings


def test_packaged_defaults():
    s = load_settings()
    assert s.low_execution_rate == Decimal("0.90")
    assert (s.december_share_project, s.q4_share, s.round_amount_share) == (Decimal("0.30"), Decimal("0.50"),
                                                                             Decimal("0.30"))
    assert (s.procurement_threshold_fen, s.split_window_days, s.duplicate_window_days) == (0, 10, 7)  # 0: standards
    assert (s.round_unit_fen, s.round_min_fen, s.benford_min_population) == (100_000, 500_000, 300)
    assert (s.benford_mad_close, s.benford_mad_acceptable, s.benford_mad_marginal) == (
        Decimal("0.006"), Decimal("0.012"), Decimal("0.015"))
    assert s.suspect_project_codes == ("30201", "30211", "30217", "30231", "30229")
    assert dict(s.sangong_keywords) == {"接待": "30217", "餐": "30217", "加油": "30231", "车辆": "30231",
                                        "出国": "30212", "出境": "30212"}
    assert dict(s.summary_codes)["会议"] == "30215" and len(s.summary_codes) == 8
    assert s.sangong_code_set == {"30212", "30913", "31013", "30231", "30217"}


def test_an_override_file_changes_only_its_keys(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text('low_execution_rate = 0.85\n[summary_codes]\n"租赁" = "30214"\n', encoding="utf-8")
    s = load_settings(path)
    assert s.low_execution_rate == Decimal("0.85")
    assert s.q4_share == Decimal("0.50")
    assert dict(s.summary_codes)["租赁"] == "30214" and dict(s.summary_codes)["会议"] == "30215"
    assert str(path) in s.source


@pytest.mark.parametrize(("text", "message"), [
    ("low_exec_rate = 0.8\n", "unknown setting"),
    ("low_execution_rate = 1.5\n", "outside"),
    ("split_window_days = 2.5\n", "whole number"),
    ('suspect_project_codes = [30201]\n', "string of digits"),
    ("benford_mad_close = 0.02\n", "benford_mad_close ≤"),
    ("low_execution_rate = \n", "not valid TOML"),
])
def test_bad_override_files_are_refused(tmp_path, message, text):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings(path)


def test_a_missing_override_file_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="cannot read"):
        load_settings(tmp_path / "missing.toml")


def test_replace_reads_floats_exactly_and_checks_names():
    s = load_settings()
    changed = s.replace(december_share_project=0.2, summary_codes={"租赁": "30214"})
    assert changed.december_share_project == Decimal("0.2")
    assert changed.summary_codes == (("租赁", "30214"),)
    assert s.december_share_project == Decimal("0.30")  # the original is unchanged
    with pytest.raises(SettingsError, match="unknown rule setting"):
        s.replace(december_share=0.2)
    with pytest.raises(SettingsError, match="outside"):
        s.replace(q4_share=-0.1)


def test_as_dict_round_trips():
    s = load_settings()
    assert s.replace(**s.as_dict()) == s
    assert s.replace() is s
