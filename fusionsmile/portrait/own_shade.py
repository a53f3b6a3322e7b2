"""The person's own tooth shade, measured from the teeth that show in their photo, so a
redesigned smile can keep the colour of the one it replaces.

The photo's own teeth (`PhotoLook.own_teeth`) are freed of the camera's colour cast (the
white balance measured on the sclera) and scaled by the white of the eye, which stands in
for a white reference: that gives an estimate of their reflectance, as L*a*b*. Its
lightness depends on exposure and on how white a sclera is, so the nearest shade is
chosen with lightness counting half (CIEDE2000 with k_L = 2), while hue and chroma, which
the white balance makes reliable, count fully.
"""

from __future__ import annotations

from dataclasses import dataclass

from fusionsmile.core.design import Design, Layer
from fusionsmile.core.layers.validate import validate_design
from fusionsmile.core.shades import linear_to_lab, nearest_shade
from fusionsmile.portrait.match import PhotoLook

SHADE_KIND = "enamel-shade"
SCLERA_REFLECTANCE = 0.9  # the white of the eye, as a fraction of a perfect white


@dataclass(frozen=True)
class OwnShade:
    """name : the nearest shade; lab : the teeth's estimated L*a*b*; delta_e : CIEDE2000
    (k_L = 2) between the two."""

    name: str
    lab: tuple[float, float, float]
    delta_e: float


def own_shade(look: PhotoLook) -> OwnShade | None:
    """The shade of the person's visible teeth, or None when too few of them show."""
    if look.own_teeth is None or look.white_level <= 0.0:
        return None
    reflectance = look.own_teeth / look.white_gain / look.white_level * SCLERA_REFLECTANCE
    lab = linear_to_lab(reflectance.clip(0.0, 1.5))
    name, difference = nearest_shade(lab, uncertain_lightness=True)
    return OwnShade(name, (float(lab[0]), float(lab[1]), float(lab[2])), difference)


def with_enamel_shade(design: Design, name: str) -> Design:
    """design with its enamel shade set to name: the first enamel-shade layer's shade,
    or a new such layer beneath the others when it has none."""
    layers = list(design.layers)
    for index, layer in enumerate(layers):
        if layer.kind == SHADE_KIND:
            params = {**layer.params, "shade": name}
            layers[index] = Layer.model_validate({**layer.model_dump(), "params": params})
            break
    else:
        layers.insert(0, Layer(kind=SHADE_KIND, name="Enamel shade", params={"shade": name}))
    return validate_design(design.model_copy(update={"layers": tuple(layers)}))
