"""The collector pause is counted: nested and concurrent stages never switch the collector back on early."""
from __future__ import annotations

import gc
import threading

from desktop.core.progress import gc_paused


def test_the_collector_comes_back_only_after_the_last_pause_and_freezes_on_request() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    inside, leave = threading.Event(), threading.Event()

    def other_stage() -> None:
        with gc_paused():
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=other_stage)
    try:
        with gc_paused(freeze=True):
            t.start()
            assert inside.wait(5)
            with gc_paused():                 # nested in the same thread
                assert not gc.isenabled()
        assert not gc.isenabled()            # the other thread still builds: still paused
        keep = [[i] for i in range(1000)]     # noqa: F841 - objects alive when the last pause ends
    finally:
        leave.set()
        t.join(5)
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen     # the freeze asked for by the first pause happened at the very end
    gc.unfreeze()


def test_a_failing_stage_switches_the_collector_back_on() -> None:
    try:
        with gc_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()
