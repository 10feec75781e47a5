"""Import profiles are data: every shipped profile reads, names its evidence and what is unconfirmed; a unit's own
profile (TOML or YAML) reads the same way; a typo in a field name is an error, not ignored."""

import re

import pytest

from qlaudit.ledgers.profiles import ProfileError, find_profile, profile_from_dict, read_profile, shipped
from tests.ledgers.conftest import ROOT


def test_shipped_profiles_cover_the_issue_layouts_with_evidence():
    names = {p.name: p for p in shipped()}
    assert set(names) == {"yonyou-grp-u8-detail", "yonyou-grp-u8-multi", "yonyou-u8-voucher-text", "czyth-voucher",
                          "czyth-quota", "jiuqi-voucher", "gbt24589-voucher", "project-form"}
    for profile in names.values():
        assert profile.evidence and profile.unconfirmed, profile.name
        assert profile.file_patterns, profile.name


def test_the_documented_example_profile_reads():
    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    block = re.search(r"## Import profiles.*?```toml\n(.*?)```", doc, re.S)[1]
    import tomllib

    profile = profile_from_dict(tomllib.loads(block))
    assert profile.columns["month"] == ("月",) and profile.kind_from_project
    assert profile.expenditure_prefixes(2018)[0] == "5001"


def test_own_profile_in_yaml_and_unknown_fields(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nledger: expenditures\ncolumns:\n  amount: [发生额]\n", encoding="utf-8")
    assert read_profile(path).columns == {"amount": ("发生额",)}
    assert find_profile("mine.yaml", "expenditures", tmp_path).name == "mine"
    with pytest.raises(ProfileError, match="unknown field 'ammount'"):
        profile_from_dict({"name": "x", "ledger": "expenditures", "columns": {"ammount": ["金额"]}})
    with pytest.raises(ProfileError, match="unknown import profile 'nope'"):
        find_profile("nope", "expenditures")
    with pytest.raises(ProfileError, match="is for expenditures, not projects"):
        find_profile("mine.yaml", "projects", tmp_path)


def test_fingerprint_follows_the_content():
    a = profile_from_dict({"name": "x", "ledger": "expenditures", "columns": {"amount": ["借方"]}})
    b = profile_from_dict({"name": "x", "ledger": "expenditures", "columns": {"amount": ["发生额"]}})
    assert a.fingerprint() != b.fingerprint()
    assert a.fingerprint() == profile_from_dict({"name": "x", "ledger": "expenditures",
                                                 "columns": {"amount": ["借方"]}}).fingerprint()
