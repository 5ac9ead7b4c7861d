"""Piper's onnxruntime session has no memory arena: the arena grew in steps as sentences of
different lengths were synthesised at once and never gave the memory back (measured in
voices/tts/piper.py's ``session_options``)."""

from __future__ import annotations

import pytest

pytest.importorskip("piper")

from voices.tts.piper import session_options


def test_the_session_keeps_no_arena() -> None:
    assert session_options(1).enable_cpu_mem_arena is False


def test_the_session_keeps_its_thread_cap() -> None:
    options = session_options(3)
    assert options.intra_op_num_threads == 3
    assert options.inter_op_num_threads == 1
