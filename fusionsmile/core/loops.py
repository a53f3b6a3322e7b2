"""Loop lengths: how long an animation file may be so that it repeats without a jump.

A GIF or WebP of the glow repeats when it ends; it is seamless only when its length is a
whole number of the design's loop periods (`compose.loop_period`). The app offers these
lengths and warns about others; the command line can use the same answers.
"""

from __future__ import annotations

import math

# A file shorter than this is over before one sees it: short loops are offered repeated.
SHORTEST_S = 1.0
LONGEST_S = 60.0
# Lengths are entered to 0.01 s; a length within this of a multiple counts as one.
TOLERANCE_S = 0.011


def seamless_lengths(period: float | None, count: int = 4) -> list[float]:
    """Up to `count` lengths (s) that loop seamlessly for a loop of `period` s: whole
    multiples of it from SHORTEST_S up to LONGEST_S. [] when the design does not repeat
    within LONGEST_S (None) and when nothing moves (0.0: any length loops)."""
    if not period or period <= 0:
        return []
    first = max(1, math.ceil(SHORTEST_S / period - 1e-9))
    lengths = [round(k * period, 2) for k in range(first, first + count)]
    return [length for length in lengths if length <= LONGEST_S]


def loops_seamlessly(seconds: float, period: float | None) -> bool:
    """Whether a file of `seconds` repeats without a jump for a loop of `period` s."""
    if period is None:
        return False
    if period <= 0:
        return True  # nothing moves
    turns = seconds / period
    return round(turns) >= 1 and abs(seconds - round(turns) * period) <= TOLERANCE_S
