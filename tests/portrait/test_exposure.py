"""The new teeth take the brightness of the person's own (issue 13): the render's bright
part is matched to the bright part of their teeth, like with like. Matched to the mean of
all their pixels (shadowed ones too) times 1.15, the designed centrals on the sample
portrait came out L* 89 beside her 97."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from fusionsmile.core.colour import REC709_LUMINANCE
from fusionsmile.portrait.analysis import PhotoFace
from fusionsmile.portrait.composite import _exposure


def test_the_bright_part_of_her_teeth_is_measured(astronaut_face: PhotoFace) -> None:
    look = astronaut_face.look
    assert look.own_teeth is not None and look.own_teeth_bright is not None
    mean = float(look.own_teeth @ REC709_LUMINANCE)
    assert look.own_teeth_bright > 1.15 * mean  # brighter than the old target
    assert look.own_teeth_bright < look.white_level * 1.5


def test_the_render_is_exposed_to_the_bright_part_of_her_teeth(astronaut_face: PhotoFace) -> None:
    look = astronaut_face.look
    rng = np.random.default_rng(0)
    colour = rng.uniform(0.2, 0.5, (40, 40, 3)).astype(np.float32)
    alpha = np.ones((40, 40, 1), dtype=np.float32)
    matte = np.ones((40, 40, 1), dtype=np.float32)
    gain = _exposure(colour, alpha, matte, look)
    rendered = float(np.quantile(colour.reshape(-1, 3) @ REC709_LUMINANCE, 0.85))
    assert look.own_teeth_bright is not None
    assert np.isclose(gain * rendered, look.own_teeth_bright, rtol=1e-4)
    # Without a bright part measured (an older look), the mean times 1.15 as before.
    older = replace(look, own_teeth_bright=None)
    assert look.own_teeth is not None
    expected = float(look.own_teeth @ REC709_LUMINANCE) * 1.15 / rendered
    assert np.isclose(_exposure(colour, alpha, matte, older), expected, rtol=1e-4)
