"""Glow layer kinds: output ranges, seeds, seamless loops, masks and their timing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from fusionsmile.core.design import Layer, Mask
from fusionsmile.core.geometry.surface import Dentition, Region, SurfaceAttributes
from fusionsmile.core.layers.compose import compose_layers
from fusionsmile.core.layers.glow import firefly, sparkle
from fusionsmile.core.layers.params import Param
from fusionsmile.core.layers.registry import LayerKind, all_kinds
from fusionsmile.core.palettes import palettes

GLOW_KINDS = sorted(name for name, kind in all_kinds().items() if kind.group == "luminous")
ANIMATED = [name for name in GLOW_KINDS if all_kinds()[name].animated]
SEEDED = [name for name in GLOW_KINDS if any(p.name == "seed" for p in all_kinds()[name].params)]
TIMES = (0.0, 0.12, 0.37, 1.3, 4.05, 11.9)


@pytest.fixture(scope="module")
def attributes(dentition: Dentition) -> SurfaceAttributes:
    return dentition.merged()[1]


def light(kind: LayerKind, attributes: SurfaceAttributes, params: dict[str, Any], t: float):
    """(n, 3) the light a kind adds over darkness: emission x coverage."""
    state = kind.prepare(attributes, params)
    return effective(kind.evaluate(attributes, params, state, t))


def effective(output: Any) -> np.ndarray:
    emission = output.emission
    return emission if output.coverage is None else emission * output.coverage[:, None]


def frames(kind: LayerKind, attributes: SurfaceAttributes, params: dict[str, Any], times):
    state = kind.prepare(attributes, params)
    for t in times:
        yield effective(kind.evaluate(attributes, params, state, float(t)))


def random_value(param: Param, rng: np.random.Generator) -> Any:
    if param.type == "float":
        return float(rng.uniform(param.minimum, param.maximum))
    if param.type == "int":
        # Seeds span 2**31; keep draws of other ints across their whole (small) range.
        return int(rng.integers(param.minimum, int(param.maximum) + 1))
    if param.type == "bool":
        return bool(rng.integers(0, 2))
    if param.type == "choice":
        return str(rng.choice(param.choices))
    if param.type == "palette":
        return str(rng.choice([*palettes(), "#001133 #22ccff #ffffff"]))
    return param.default


def random_params(kind: LayerKind, rng: np.random.Generator) -> dict[str, Any]:
    drawn = {param.name: random_value(param, rng) for param in kind.params}
    return kind.resolve(drawn)


def draws(name: str, count: int) -> Iterator[dict[str, Any]]:
    kind = all_kinds()[name]
    rng = np.random.default_rng(sum(map(ord, name)))
    yield kind.resolve({})
    for _ in range(count - 1):
        yield random_params(kind, rng)


# -- declarations --------------------------------------------------------------------------


@pytest.mark.parametrize("name", GLOW_KINDS)
def test_glow_kinds_declare_the_shared_params_and_ranges(name: str) -> None:
    kind = all_kinds()[name]
    params = {param.name: param for param in kind.params}
    assert params["palette"].type == "palette"
    assert params["intensity"].type == "float"
    if kind.animated:
        assert params["speed"].type == "float"
        assert kind.period(kind.resolve({})) is not None
    for param in kind.params:
        assert param.description and "\n" not in param.description
        if param.type in ("float", "int"):
            assert param.minimum is not None and param.maximum is not None, param.name
            assert param.minimum <= param.default <= param.maximum, param.name
    # A unit in the name is the declared unit ("width_mm" is in mm).
    units = {"mm_s": "mm/s", "mm": "mm", "ms": "ms", "s": "s", "deg": "°"}
    for param in kind.params:
        suffix = next((u for u in units if param.name.endswith("_" + u)), None)
        if suffix is not None:
            assert param.unit == units[suffix], param.name


# -- output ranges, determinism, seeds -----------------------------------------------------


@pytest.mark.parametrize("name", GLOW_KINDS)
def test_emission_is_finite_and_non_negative_for_random_params(
    name: str, attributes: SurfaceAttributes
) -> None:
    kind = all_kinds()[name]
    n = len(attributes)
    for params in draws(name, 6):
        state = kind.prepare(attributes, params)
        for t in TIMES:
            output = kind.evaluate(attributes, params, state, t)
            assert output.emission.shape == (n, 3) and output.emission.dtype == np.float32
            assert np.isfinite(output.emission).all() and (output.emission >= 0).all()
            if output.coverage is not None:
                assert output.coverage.shape == (n,) and output.coverage.dtype == np.float32
                assert (output.coverage >= 0).all() and (output.coverage <= 1).all()


@pytest.mark.parametrize("name", GLOW_KINDS)
def test_teeth_glow_and_gums_stay_dark_unless_asked(
    name: str, attributes: SurfaceAttributes
) -> None:
    kind = all_kinds()[name]
    params = kind.resolve({})
    lit = np.max([f.max(axis=1) for f in frames(kind, attributes, params, TIMES)], axis=0)
    enamel = attributes.region == Region.ENAMEL
    assert lit[enamel].max() > 0.05
    assert lit[~enamel].max() == 0.0
    if "gums" in params:
        with_gums = kind.resolve({"gums": True})
        gums = np.max([f.max(axis=1) for f in frames(kind, attributes, with_gums, TIMES)], 0)
        assert gums[attributes.region == Region.GINGIVA].max() > 0.0


@pytest.mark.parametrize("name", GLOW_KINDS)
def test_same_params_same_light(name: str, attributes: SurfaceAttributes) -> None:
    kind = all_kinds()[name]
    params = next(draws(name, 2))
    for t in (0.0, 2.7):
        np.testing.assert_array_equal(
            light(kind, attributes, params, t), light(kind, attributes, params, t)
        )


@pytest.mark.parametrize("name", SEEDED)
def test_another_seed_changes_the_pattern(name: str, attributes: SurfaceAttributes) -> None:
    kind = all_kinds()[name]
    a = np.stack(list(frames(kind, attributes, kind.resolve({"seed": 1}), TIMES)))
    b = np.stack(list(frames(kind, attributes, kind.resolve({"seed": 2}), TIMES)))
    assert np.abs(a - b).max() > 0.05


# -- animation -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ANIMATED)
def test_loops_are_seamless(name: str, attributes: SurfaceAttributes) -> None:
    kind = all_kinds()[name]
    for params in draws(name, 4):
        period = kind.period(params)
        assert period is not None and period > 0
        state = kind.prepare(attributes, params)
        for t in (0.0, 0.31, 1.7):
            here = effective(kind.evaluate(attributes, params, state, t))
            for loops in (1, 3):
                there = effective(kind.evaluate(attributes, params, state, t + loops * period))
                np.testing.assert_allclose(there, here, atol=2e-3 * (1 + here.max()))


@pytest.mark.parametrize("name", ANIMATED)
def test_no_jump_where_the_loop_wraps(name: str, attributes: SurfaceAttributes) -> None:
    """Going from the loop's last frame to its first is no bigger a change than the
    biggest change between two frames inside the loop (a pulse still on show when the
    loop restarts would jump; a flash may start anywhere, the loop's end included)."""
    kind = all_kinds()[name]
    steps = 1024
    for params in draws(name, 3):
        period = kind.period(params)
        assert period is not None
        shots = frames(kind, attributes, params, period * np.arange(steps) / steps)
        first = previous = next(shots)
        biggest = 0.0
        for shot in shots:
            biggest = max(biggest, float(np.abs(shot - previous).mean()))
            previous = shot
        wrap = float(np.abs(first - previous).mean())
        assert wrap <= 1.5 * biggest + 1e-6, (wrap, biggest)


@pytest.mark.parametrize("name", ANIMATED)
def test_animated_kinds_change_over_time(name: str, attributes: SurfaceAttributes) -> None:
    kind = all_kinds()[name]
    params = kind.resolve({})
    period = kind.period(params)
    assert period is not None
    shots = np.stack(list(frames(kind, attributes, params, np.linspace(0, period, 24))))
    assert np.ptp(shots, axis=0).max() > 0.1


@pytest.mark.parametrize("name", ANIMATED)
def test_speed_zero_freezes_the_animation(name: str, attributes: SurfaceAttributes) -> None:
    kind = all_kinds()[name]
    params = kind.resolve({"speed": 0.0})
    first, *rest = frames(kind, attributes, params, (0.0, 0.5, 3.3))
    for other in rest:
        np.testing.assert_array_equal(other, first)


# -- masks through the compositor ----------------------------------------------------------


@pytest.mark.parametrize("name", GLOW_KINDS)
def test_masked_out_tooth_gets_no_light(name: str, attributes: SurfaceAttributes) -> None:
    layer = Layer(kind=name, mask=Mask(teeth=(11,), invert=True))
    tooth = attributes.tooth == 11
    others = (attributes.tooth != 11) & (attributes.region == Region.ENAMEL)
    seen = 0.0
    for t in TIMES:
        emission = compose_layers([layer], 1.0, attributes, t, cache=None).emission
        assert emission[tooth].max() == 0.0
        seen = max(seen, float(emission[others].max()))
    assert seen > 0.05


# -- the biology ---------------------------------------------------------------------------


def _peaks(signal: np.ndarray, threshold: float) -> np.ndarray:
    """Indices of local maxima above threshold (plateaus counted once)."""
    rising = np.r_[True, signal[1:] > signal[:-1]]
    falling = np.r_[signal[:-1] >= signal[1:], True]
    return np.flatnonzero(rising & falling & (signal > threshold))


@pytest.mark.parametrize("flashes", [5, 6, 7, 8])
def test_firefly_burst_has_the_asked_flashes_within_about_four_seconds(
    flashes: int, attributes: SurfaceAttributes
) -> None:
    kind = all_kinds()["firefly-sync"]
    params = kind.resolve({"flashes": flashes, "jitter_ms": 40.0})
    times = np.arange(0.0, params["cycle_s"], 0.01)
    mean = np.array([f.mean() for f in frames(kind, attributes, params, times)])
    assert len(_peaks(mean, 0.5 * mean.max())) == flashes
    lit = times[mean > 0.05 * mean.max()]
    # The burst spans about 4 s (Copeland & Moiseff 1995), then the teeth go dark.
    assert 3.0 < lit.max() - lit.min() < 4.6
    assert mean[times > 5.0].max() < 0.01 * mean.max()


def test_firefly_data_is_the_papers() -> None:
    assert firefly.FLASHES_PER_BURST == (5, 8)
    assert (firefly.BURST_S, firefly.CYCLE_S) == (4.0, 12.0)
    params = {p.name: p.default for p in all_kinds()["firefly-sync"].params}
    assert params["cycle_s"] == 12.0 and params["burst_s"] == 4.0


def test_sparkle_flash_rises_fast_and_is_over_within_a_second() -> None:
    times = np.arange(0.0, 2.0, 0.001, dtype=np.float32)
    for decay in (0.03, 0.15, 0.2):  # the declared range
        level = sparkle.flash_level(times, decay)
        peak = float(level.max())
        rise = times[np.argmax(level >= 0.9 * peak)] - times[np.argmax(level >= 0.1 * peak)]
        assert rise < 0.05
        assert level[times >= 1.0].max() < 0.01 * peak


def test_sparkle_spots_flash_and_fade_on_the_teeth(attributes: SurfaceAttributes) -> None:
    kind = all_kinds()["sparkle"]
    params = kind.resolve({"rate": 0.5, "decay_s": 0.2})
    times = np.arange(0.0, sparkle.LOOP_S, 0.005)
    state = kind.prepare(attributes, params)
    coverage = np.stack(
        [kind.evaluate(attributes, params, state, float(t)).coverage for t in times]
    )
    assert (coverage.max(axis=0) > 0).sum() < 0.5 * len(attributes)  # spots, not everywhere
    brightest = int(np.argmax(coverage.max(axis=0)))
    trace = coverage[:, brightest]
    peak = int(np.argmax(trace))
    start = peak - int(np.argmax(trace[peak::-1] < 0.1 * trace[peak]))
    assert times[peak] - times[start] < 0.05
    after = trace[peak : peak + int(1.0 / 0.005)]
    assert after[-1] < 0.01 * trace[peak]


def test_heartbeat_beats_twice_per_beat(attributes: SurfaceAttributes) -> None:
    kind = all_kinds()["heartbeat"]
    params = kind.resolve({"bpm": 60.0, "ripple_ms": 0.0, "floor": 0.0})
    assert kind.period(params) == pytest.approx(1.0)
    times = np.arange(0.0, 1.0, 0.002)
    mean = np.array([f.mean() for f in frames(kind, attributes, params, times)])
    peaks = _peaks(mean, 0.3 * mean.max())
    assert len(peaks) == 2
    assert 0.2 < times[peaks[1]] - times[peaks[0]] < 0.4  # lub ... dub
    assert mean[peaks[1]] < mean[peaks[0]]  # dub is the softer


def test_arch_pulse_runs_out_from_the_midline(attributes: SurfaceAttributes) -> None:
    kind = all_kinds()["arch-pulse"]
    params = kind.resolve({"floor": 0.0})
    front = (attributes.tooth % 10 == 1) & (attributes.region == Region.ENAMEL)
    back = (attributes.tooth % 10 == 7) & (attributes.region == Region.ENAMEL)
    period = kind.period(params)
    assert period is not None
    early, late = frames(kind, attributes, params, (0.25 * period, 0.8 * period))
    assert early[front].mean() > 3 * early[back].mean()
    assert late[back].mean() > 3 * late[front].mean()


def test_glow_gradient_runs_up_the_crown(attributes: SurfaceAttributes) -> None:
    kind = all_kinds()["glow-gradient"]
    enamel = attributes.region == Region.ENAMEL
    cervical = enamel & (attributes.v < 0.2)
    incisal = enamel & (attributes.v > 0.8)
    up = light(kind, attributes, kind.resolve({}), 0.0).sum(axis=1)
    down = light(kind, attributes, kind.resolve({"reverse": True}), 0.0).sum(axis=1)
    assert up[incisal].mean() > 1.5 * up[cervical].mean()
    assert down[cervical].mean() > 1.5 * down[incisal].mean()
