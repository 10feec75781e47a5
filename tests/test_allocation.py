"""The cyclic collector is paused only while findings are built, and left as the caller had it."""

import gc

import qlaudit
from qlaudit.allocation import cyclic_gc_paused
from tests.test_findings_golden import DATA


def test_the_collector_is_paused_in_the_block_and_restored_after():
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not re-enable what the outer one paused
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # a caller who had it off keeps it off
    finally:
        gc.enable()


def test_check_leaves_the_collector_enabled_even_when_a_rule_fails(monkeypatch):
    wb = qlaudit.open("lusong-qiaolian", 2021, DATA)
    qlaudit.check(wb)
    assert gc.isenabled()
    monkeypatch.setattr("qlaudit.rules.run_rules", lambda *a, **k: 1 / 0)
    try:
        qlaudit.check(wb)
    except ZeroDivisionError:
        pass
    assert gc.isenabled()
