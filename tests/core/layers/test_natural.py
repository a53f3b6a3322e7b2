"""Natural layer kinds: ranges, determinism, where they apply and what they change."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

from fusionsmile.core.design import Geometry, Layer, Mask
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.channels import CHANNEL_NAMES, LayerOutput
from fusionsmile.core.layers.compose import base_channels, compose_layers
from fusionsmile.core.layers.params import ParamValue
from fusionsmile.core.layers.registry import all_kinds, kind_for
from fusionsmile.core.shades import SHADE_NAMES

NATURAL = (
    "enamel-shade", "incisal-translucency", "mamelon-shading", "perikymata", "white-spots",
    "brown-stains", "craze-lines", "wear-facets", "gum-colour", "uv-fluorescence",
)  # fmt: skip
GUM_KINDS = {"gum-colour"}
BOTH_KINDS = {"uv-fluorescence"}  # teeth and (faintly) gums
# Params that make each seeded kind show plenty, so a new seed has something to move.
VISIBLE: dict[str, dict[str, ParamValue]] = {
    "enamel-shade": {"variation": 1.0},
    "white-spots": {"amount": 0.9},
    "brown-stains": {"amount": 0.9},
    "craze-lines": {"count": 4, "visibility": 1.0},
    "wear-facets": {"amount": 0.8},
    "gum-colour": {"melanin": 0.8, "stippling": 1.0},
}


@pytest.fixture(scope="module")
def mouth() -> SurfaceAttributes:
    """A real mouth at the default resolution (the one the perikymata are tuned for)."""
    return build(Geometry()).merged()[1]


@pytest.fixture(scope="module")
def preview() -> SurfaceAttributes:
    return build(Geometry(resolution="preview")).merged()[1]


def run(name: str, attributes: SurfaceAttributes, **params: ParamValue) -> LayerOutput:
    kind = kind_for(name)
    resolved = kind.resolve(params)
    return kind.evaluate(attributes, resolved, kind.prepare(attributes, resolved), 0.0)


def random_params(name: str, rng: np.random.Generator) -> dict[str, ParamValue]:
    out: dict[str, ParamValue] = {}
    for param in kind_for(name).params:
        if param.type == "float":
            assert param.minimum is not None and param.maximum is not None
            out[param.name] = float(rng.uniform(param.minimum, param.maximum))
        elif param.type == "int":
            assert param.minimum is not None and param.maximum is not None
            high = min(param.maximum, param.minimum + 1000)
            out[param.name] = int(rng.integers(param.minimum, high + 1))
        elif param.type == "bool":
            out[param.name] = bool(rng.integers(2))
        elif param.type == "choice":
            out[param.name] = str(rng.choice(param.choices))
        elif param.type == "colour":
            out[param.name] = "#" + "".join(f"{int(x):02x}" for x in rng.integers(0, 256, 3))
    return out


def chroma(linear: np.ndarray) -> np.ndarray:
    """C*ab of linear sRGB colours (n, 3)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import colour
    xyz = colour.RGB_to_XYZ(linear.astype(np.float64), colour.RGB_COLOURSPACES["sRGB"])
    lab = colour.XYZ_to_Lab(xyz)
    return np.hypot(lab[..., 1], lab[..., 2])


def labial(attributes: SurfaceAttributes, tooth: int) -> np.ndarray:
    return (
        (attributes.tooth == tooth)
        & (attributes.region == Region.ENAMEL)
        & (np.abs(attributes.u - 0.25) < 0.08)
    )


# -- declarations --------------------------------------------------------------------------


def test_every_natural_kind_is_registered_with_declared_params() -> None:
    kinds = all_kinds()
    for name in NATURAL:
        kind = kinds[name]
        assert kind.group == "natural" and not kind.animated
        for param in kind.params:
            assert param.description and "\n" not in param.description
            if param.type in ("float", "int"):
                assert param.minimum is not None and param.maximum is not None, param.name
                assert param.minimum <= param.default <= param.maximum, param.name  # type: ignore[operator]
                assert isinstance(param.unit, str)
    assert {k.name for k in kinds.values() if k.group == "natural"} == set(NATURAL)
    shade = {p.name: p for p in kinds["enamel-shade"].params}["shade"]
    assert shade.choices == SHADE_NAMES


# -- ranges, emission, determinism ------------------------------------------------------------


def check_ranges(output: LayerOutput, n: int) -> None:
    assert output.emission is None  # the real tooth never glows
    if output.coverage is not None:
        assert output.coverage.shape == (n,)
        assert np.all(np.isfinite(output.coverage))
        assert output.coverage.min() >= 0.0 and output.coverage.max() <= 1.0
    for name in ("albedo", "fluorescence", "bump"):
        value = getattr(output, name)
        if value is not None:
            assert value.shape == (n, 3) and value.dtype == np.float32, name
            assert np.all(np.isfinite(value)), name
    for name in ("translucency", "roughness", "alpha"):
        value = getattr(output, name)
        if value is not None:
            assert value.shape == (n,) and np.all(np.isfinite(value)), name
            assert value.min() >= 0.0 and value.max() <= 1.0, name
    if output.albedo is not None:
        assert output.albedo.min() >= 0.0 and output.albedo.max() <= 1.0
    if output.fluorescence is not None:
        assert output.fluorescence.min() >= 0.0


@pytest.mark.parametrize("name", NATURAL)
def test_outputs_stay_in_range_for_random_params(
    name: str, preview: SurfaceAttributes, mouth: SurfaceAttributes
) -> None:
    rng = np.random.default_rng(len(name))
    for _ in range(6):
        check_ranges(run(name, preview, **random_params(name, rng)), len(preview))
    check_ranges(run(name, mouth), len(mouth))


@pytest.mark.parametrize("name", NATURAL)
def test_same_params_same_output(name: str, preview: SurfaceAttributes) -> None:
    params = {**VISIBLE.get(name, {}), **({"seed": 7} if name in VISIBLE else {})}
    a, b = run(name, preview, **params), run(name, preview, **params)
    assert a.written() == b.written() and a.written()
    for channel in (*a.written(), "coverage"):
        first, second = getattr(a, channel), getattr(b, channel)
        if first is not None:
            np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("name", sorted(VISIBLE))
def test_a_new_seed_gives_a_new_pattern(name: str, mouth: SurfaceAttributes) -> None:
    a = run(name, mouth, **VISIBLE[name], seed=1)
    b = run(name, mouth, **VISIBLE[name], seed=2)
    differs = [
        channel for channel in (*CHANNEL_NAMES, "coverage")
        if getattr(a, channel) is not None
        and not np.allclose(getattr(a, channel), getattr(b, channel), atol=1e-4)
    ]  # fmt: skip
    assert differs


@pytest.mark.parametrize("name", NATURAL)
def test_layers_leave_other_tissue_alone(name: str, mouth: SurfaceAttributes) -> None:
    coverage = run(name, mouth, **VISIBLE.get(name, {})).coverage
    assert coverage is not None
    gums = mouth.region == Region.GINGIVA
    teeth = mouth.region == Region.ENAMEL
    if name in GUM_KINDS:
        assert coverage[~gums].max() == 0 and coverage[gums].min() > 0
    elif name in BOTH_KINDS:
        assert coverage[teeth].min() > 0
    else:
        assert coverage[~teeth].max() == 0 and coverage[teeth].max() > 0


def test_masked_out_teeth_are_unchanged_in_the_composite(mouth: SurfaceAttributes) -> None:
    only_11 = Mask(teeth=(11,))
    layers = [Layer(kind=name, params=VISIBLE.get(name, {}), mask=only_11) for name in NATURAL]
    composed = compose_layers(layers, 0.0, mouth, cache=None)
    base = base_channels(mouth)
    elsewhere = mouth.tooth != 11
    changed = mouth.tooth == 11
    for channel in CHANNEL_NAMES:
        np.testing.assert_array_equal(
            getattr(composed, channel)[elsewhere], getattr(base, channel)[elsewhere], channel
        )
    assert not np.allclose(composed.albedo[changed], base.albedo[changed])
    assert np.all(composed.emission == 0)


# -- what each kind does ----------------------------------------------------------------------


def shade_on(mouth: SurfaceAttributes, **params: Any) -> np.ndarray:
    output = run("enamel-shade", mouth, variation=0.0, **params)
    assert output.albedo is not None
    return output.albedo


def test_enamel_shade_cervical_more_chromatic_than_incisal(mouth: SurfaceAttributes) -> None:
    face = labial(mouth, 11)
    cervical, incisal = face & (mouth.v < 0.2), face & (mouth.v > 0.85)
    graded = chroma(shade_on(mouth, gradient=1.0, type_chroma=0.0))
    assert graded[cervical].mean() > graded[incisal].mean() + 5.0
    flat = chroma(shade_on(mouth, gradient=0.0, type_chroma=0.0))
    assert abs(flat[cervical].mean() - flat[incisal].mean()) < 0.5


def test_enamel_shade_canine_more_chromatic_than_central(mouth: SurfaceAttributes) -> None:
    central, canine = labial(mouth, 11), labial(mouth, 13)
    typed = chroma(shade_on(mouth, gradient=0.0, type_chroma=1.0))
    assert typed[canine].mean() > typed[central].mean() + 2.0
    plain = chroma(shade_on(mouth, gradient=0.0, type_chroma=0.0))
    assert abs(plain[canine].mean() - plain[central].mean()) < 0.5


def test_enamel_shade_by_default_canines_a_shade_more_chromatic(
    mouth: SurfaceAttributes,
) -> None:
    # Issue 13: at the old default (type_chroma 0.6) the canines were 2.7 b* yellower than
    # the centrals and read all one colour with them in a portrait; by default they are
    # now one shade-guide step (A1 -> A2) more chromatic, the laterals a little.
    albedo = run("enamel-shade", mouth, variation=0.0, gradient=0.0).albedo
    assert albedo is not None
    c = chroma(albedo)
    central, lateral, canine = (c[labial(mouth, n)].mean() for n in (11, 12, 13))
    assert canine > central + 3.5
    assert central < lateral < canine


def test_enamel_shade_follows_the_tab(mouth: SurfaceAttributes) -> None:
    face = labial(mouth, 11) & (np.abs(mouth.v - 0.5) < 0.1)
    light = shade_on(mouth, shade="B1", gradient=0.0)[face].mean(axis=0)
    dark = shade_on(mouth, shade="A4", gradient=0.0)[face].mean(axis=0)
    assert light.mean() > dark.mean() + 0.1
    assert chroma(dark[None])[0] > chroma(light[None])[0] + 8.0


def test_perikymata_relief_on_labial_incisor_enamel(mouth: SurfaceAttributes) -> None:
    output = run("perikymata", mouth)
    assert output.bump is not None and output.coverage is not None
    relief = np.linalg.norm(output.bump, axis=1) * output.coverage
    face = labial(mouth, 11) & (mouth.v > 0.15) & (mouth.v < 0.55)
    assert np.mean(relief[face] > 0.01) > 0.5
    lingual = (mouth.tooth == 11) & (np.abs(mouth.u - 0.75) < 0.08)
    assert relief[lingual].max() < 1e-3
    # It is relief along the tooth's axis, so it changes the composed shading normals.
    composed = compose_layers([Layer(kind="perikymata")], 0.0, mouth, cache=None)
    assert np.abs(composed.bump[face]).max() > 0.01
    assert np.abs(composed.bump[face][:, 0]).max() < np.abs(composed.bump[face][:, 1]).max()


def test_perikymata_finer_than_the_mesh_fade_out(preview: SurfaceAttributes) -> None:
    output = run("perikymata", preview, count=300)
    assert output.bump is not None
    assert np.abs(output.bump).max() < 1e-3


def test_incisal_translucency_bluer_and_clearer_at_the_edge(mouth: SurfaceAttributes) -> None:
    composed = compose_layers([Layer(kind="enamel-shade", params={"gradient": 0.0}),
                               Layer(kind="incisal-translucency", params={"halo": 0.0})],
                              0.0, mouth, cache=None)  # fmt: skip
    face = labial(mouth, 11)
    edge, body = face & (mouth.v > 0.9), face & (np.abs(mouth.v - 0.4) < 0.1)
    blueness = composed.albedo[:, 2] / composed.albedo[:, 0]
    assert blueness[edge].mean() > blueness[body].mean() + 0.1
    assert composed.translucency[edge].mean() > composed.translucency[body].mean() + 0.2


def test_mamelons_only_on_incisors_by_default(mouth: SurfaceAttributes) -> None:
    coverage = run("mamelon-shading", mouth).coverage
    assert coverage is not None
    position = mouth.tooth % 10
    assert coverage[position >= 3].max() == 0 and coverage[position <= 2].max() > 0.2
    wider = run("mamelon-shading", mouth, incisors_only=False).coverage
    assert wider is not None and wider[position == 3].max() > 0


def test_uv_fluorescence_brightest_over_dentin(mouth: SurfaceAttributes) -> None:
    output = run("uv-fluorescence", mouth)
    assert output.fluorescence is not None
    glow = output.fluorescence
    face = labial(mouth, 11)
    cervical, edge = glow[face & (mouth.v < 0.25)], glow[face & (mouth.v > 0.95)]
    assert cervical.sum(axis=1).mean() > 2.0 * edge.sum(axis=1).mean()
    assert np.all(cervical[:, 2] > cervical[:, 0])  # blue-white
    gums = glow[mouth.region == Region.GINGIVA]
    assert gums.sum(axis=1).max() < 0.2 * cervical.sum(axis=1).mean()


def test_white_spots_grow_with_amount(mouth: SurfaceAttributes) -> None:
    covered = [run("white-spots", mouth, amount=a, seed=3).coverage for a in (0.0, 0.3, 0.9)]
    areas = [float(c.sum()) for c in covered if c is not None]
    assert areas[0] == 0 and 0 < areas[1] < areas[2]


def test_brown_stains_sit_at_the_margin_and_in_fissures(mouth: SurfaceAttributes) -> None:
    coverage = run("brown-stains", mouth, amount=0.8).coverage
    assert coverage is not None
    anterior = (mouth.tooth % 10 <= 3) & (mouth.region == Region.ENAMEL)
    assert coverage[anterior & (mouth.v > 0.5)].max() == 0
    assert coverage[anterior & (mouth.v < 0.1)].max() > 0.3
    molars = (mouth.tooth % 10 >= 6) & (mouth.region == Region.ENAMEL)
    assert coverage[molars & (mouth.v > 0.65)].max() > 0.5


def test_craze_lines_only_on_front_teeth(mouth: SurfaceAttributes) -> None:
    output = run("craze-lines", mouth, count=4, visibility=1.0)
    assert output.coverage is not None and output.bump is not None
    front = mouth.tooth % 10 <= 3
    assert output.coverage[~front].max() == 0 and output.coverage[front].max() > 0.5
    assert np.abs(output.bump[front]).max() > 0.05


def test_wear_facets_glossy_and_at_the_edges(mouth: SurfaceAttributes) -> None:
    output = run("wear-facets", mouth, amount=0.8)
    assert output.coverage is not None and output.roughness is not None
    assert output.coverage[mouth.v < 0.7].max() == 0
    facet = output.coverage > 0.5
    assert facet.any() and output.roughness[facet].max() < base_channels(mouth).roughness.min()
    none = run("wear-facets", mouth, amount=0.0).coverage
    assert none is not None and none.max() == 0


def test_gum_tone_and_melanin(mouth: SurfaceAttributes) -> None:
    gums = mouth.region == Region.GINGIVA

    def albedo(**params: ParamValue) -> np.ndarray:
        output = run("gum-colour", mouth, **params)
        assert output.albedo is not None
        return output.albedo[gums]

    pale, deep = albedo(tone=0.0), albedo(tone=1.0)
    assert pale.mean() > deep.mean() + 0.05
    assert np.all(pale[:, 0] > pale[:, 1]) and np.all(deep[:, 0] > deep[:, 2])  # pink-red
    plain, pigmented = albedo(melanin=0.0), albedo(melanin=1.0)
    darker = pigmented.sum(axis=1) < plain.sum(axis=1) - 0.02
    assert 0.02 < darker.mean() < 0.9  # patches, not everywhere

    def green_to_red(colours: np.ndarray) -> float:
        return float(np.mean(colours[:, 1] / colours[:, 0]))

    assert green_to_red(pigmented[darker]) > green_to_red(plain[darker])  # brown, not red
