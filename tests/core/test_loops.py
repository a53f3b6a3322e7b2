"""Loop lengths: the lengths a looping file may have without a jump."""

from __future__ import annotations

from fusionsmile.core.loops import loops_seamlessly, seamless_lengths


def test_seamless_lengths_are_whole_loops_of_at_least_a_second() -> None:
    assert seamless_lengths(8.0) == [8.0, 16.0, 24.0, 32.0]
    assert seamless_lengths(0.5) == [1.0, 1.5, 2.0, 2.5]
    assert seamless_lengths(34.29) == [34.29]  # the next would pass a minute
    assert seamless_lengths(None) == [] and seamless_lengths(0.0) == []


def test_a_length_loops_when_it_is_whole_loops() -> None:
    assert loops_seamlessly(16.0, 8.0) and loops_seamlessly(5.71, 5.714)
    assert not loops_seamlessly(3.0, 8.0) and not loops_seamlessly(12.0, 8.0)
    assert loops_seamlessly(3.0, 0.0)  # nothing moves
    assert not loops_seamlessly(3.0, None)  # does not repeat within a minute
