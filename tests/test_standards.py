"""Policy standards as versioned data (qlaudit/standards.toml): editions picked by province, level and year; the
procurement rule's limits come from them (settings override), and findings cite them."""

from dataclasses import replace

import pytest

from qlaudit import standards
from qlaudit.rules.procurement import split_purchases
from qlaudit.settings import load_settings
from tests.rules.builders import line, workbook

SETTINGS = load_settings()


def test_hunan_2025_provincial_limits_are_confirmed_and_cited():
    e = standards.edition("procurement", "hunan", "省级", 2025)
    assert [e.limit_fen(c) for c in standards.CATEGORIES] == [50_000_000, 80_000_000, 100_000_000]
    assert not e.verify and e.url and "2025年版" in e.citation() and "待核实" not in e.citation()


def test_city_floor_older_years_and_no_province_fall_back_and_are_marked_verify():
    city = standards.edition("procurement", "hunan", "区县", 2026)
    assert [city.limit_fen(c) for c in standards.CATEGORIES] == [30_000_000, 30_000_000, 60_000_000] and city.verify
    for e in (standards.edition("procurement", "hunan", "省级", 2022), standards.edition("procurement", "", "", 2025)):
        assert e.region == "*" and e.verify and e.citation().endswith("（待核实）")
        assert e.limit_fen("goods") == 10_000_000


def test_every_edition_names_its_document_and_the_day_rates_and_reception_limits_are_data():
    for kind in standards.KINDS:
        assert all(e.document and e.edition is not None for e in standards.editions(kind))
    assert standards.edition("meeting", "hunan", "区县", 2023).values["rates_yuan"] == {"一类": 760, "二类": 650,
                                                                                       "三类": 550}
    assert standards.edition("training", "", "", 2023).values["rates_yuan"] == {"一类": 650, "二类": 550, "三类": 450}
    reception = standards.edition("reception", "", "", 2023)
    assert (reception.values["small_group"], reception.values["companions_small"]) == (10, 3)
    assert "财行〔2016〕214号" in standards.edition("meeting", "", "", 2023).citation()


def test_checks_the_ledgers_cannot_support_are_stated_not_guessed():
    sentences = standards.checks_not_run(["date", "amount_fen", "summary"])
    assert len(sentences) == 3 and all("未执行" in s and "不以金额推测" in s for s in sentences)
    assert standards.checks_not_run(["attendees", "days"]) == []


@pytest.mark.parametrize(("code", "category"), [("31002", "goods"), ("30213", "services"), ("31001", "works"),
                                                 ("30201", "goods"), ("30299", "services")])
def test_category_of_economic_code(code, category):
    assert standards.category_of(code) == category


def _hunan(lines, year=2025, level="省级"):
    wb = workbook(lines=lines, year=year)
    return replace(wb, unit=replace(wb.unit, province="hunan", region_level=level))


def _three(code, amount, payee="某电脑公司", year=2025):
    return [line(f"{year}-08-0{d}", amount, code=code, payee=payee, voucher=f"记-00{d}") for d in (1, 3, 5)]


def test_split_purchase_uses_the_unit_standard_per_category_and_cites_it():
    goods = _three("31002", 200_000)  # 60万 of equipment, each below 50万: above the goods limit
    services = _three("30227", 200_000, payee="某咨询公司")  # 60万 of services: below the 80万 services limit
    (f,) = split_purchases(_hunan(goods + services), SETTINGS)
    assert f.amount("threshold") == 50_000_000 and "某电脑公司" in f.title
    assert "货物分散采购限额500,000.00元" in f.explanation and "湖南省预算单位政府集中采购目录及标准指引" in f.standard
    assert "2025年版" in f.standard and f.as_dict()["standard"] == f.standard
    # 3 × 4万 of goods and of services: below the 2025 Hunan limits, above the default 10万 used for 2022 (no Hunan
    # edition collected for it), which is marked verify
    small = _three("31002", 40_000) + _three("30227", 40_000, payee="某咨询公司")
    assert split_purchases(_hunan(small), SETTINGS) == []
    small_2022 = _three("31002", 40_000, year=2022) + _three("30227", 40_000, "某咨询公司", 2022)
    (old, other) = split_purchases(_hunan(small_2022, year=2022), SETTINGS)
    assert {old.amount("threshold"), other.amount("threshold")} == {10_000_000} and "待核实" in old.standard


def test_settings_override_wins_over_the_standard():
    (f,) = split_purchases(_hunan(_three("31002", 40_000)), SETTINGS.replace(procurement_threshold_fen=10_000_000))
    assert f.amount("threshold") == 10_000_000 and "procurement_threshold_fen" in f.standard


def test_no_procurement_line_at_all_is_silent():
    assert split_purchases(_hunan([line("2025-03-01", 100, code="30101", payee="某人")]), SETTINGS) == []
