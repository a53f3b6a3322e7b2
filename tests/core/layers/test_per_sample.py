"""Every layer kind is a pure per-sample function.

The live view evaluates layers at mesh vertices and the exporter bakes them at the texels
of a UV atlas (in chunks of its own choosing). Both give the same look only if the output
at a sample depends on that sample's attributes, the params and t alone, never on which
other samples are evaluated with it: so a random subset, in any order, must get exactly
the values the whole set gets at those samples.
"""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.design import Geometry, Layer
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.layers.channels import Channels
from fusionsmile.core.layers.compose import compose_layers
from fusionsmile.core.layers.registry import all_kinds

KINDS = sorted(all_kinds())
TIMES = (0.0, 0.73, 2.9)
CHANNELS = ("albedo", "alpha", "emission", "translucency", "roughness", "fluorescence", "bump")


@pytest.fixture(scope="module")
def preview() -> SurfaceAttributes:
    return build(Geometry(resolution="preview")).merged()[1]


def subset(attributes: SurfaceAttributes, index: np.ndarray) -> SurfaceAttributes:
    return SurfaceAttributes(
        tooth=attributes.tooth[index],
        u=attributes.u[index],
        v=attributes.v[index],
        region=attributes.region[index],
        s=attributes.s[index],
        position=attributes.position[index],
        normal=attributes.normal[index],
    )


def evaluate(kind: str, attributes: SurfaceAttributes, t: float) -> Channels:
    return compose_layers([Layer(kind=kind)], 1.0, attributes, t, cache=None)


def assert_same_at(full: Channels, part: Channels, index: np.ndarray, what: str) -> None:
    for name in CHANNELS:
        np.testing.assert_allclose(
            getattr(part, name),
            getattr(full, name)[index],
            rtol=1e-5,
            atol=1e-5,
            err_msg=f"{what}: channel {name} depends on the other samples",
        )


@pytest.mark.parametrize("kind", KINDS)
def test_output_at_a_sample_does_not_depend_on_the_other_samples(
    kind: str, preview: SurfaceAttributes
) -> None:
    rng = np.random.default_rng(20240611)
    n = len(preview)
    # A sorted random third, a shuffled random tenth and one contiguous stretch in the
    # middle (as an exporter's chunk would be): none of them spans the whole mouth's
    # statistics.
    subsets = {
        "random third": np.sort(rng.choice(n, n // 3, replace=False)),
        "shuffled tenth": rng.choice(n, n // 10, replace=False),
        "middle chunk": np.arange(n // 3, n // 3 + n // 7),
    }
    times = TIMES if all_kinds()[kind].animated else (0.0,)
    for t in times:
        full = evaluate(kind, preview, t)
        for label, index in subsets.items():
            part = evaluate(kind, subset(preview, index), t)
            assert_same_at(full, part, index, f"{kind} at t={t}, {label}")
