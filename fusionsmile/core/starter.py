"""The design a new smile starts from: true-to-size teeth with a natural look, and the
glow of a mood if one is chosen."""

from __future__ import annotations

from fusionsmile.core.design import Design, Layer, Meta
from fusionsmile.core.layers.validate import validate_design
from fusionsmile.core.moods import apply_mood


def natural_stack() -> tuple[Layer, ...]:
    """A healthy young adult's look: a light shade, translucent edges, fine perikymata,
    pink gums and the tooth's own fluorescence (seen only under a blacklight)."""
    return (
        Layer(kind="enamel-shade", name="Enamel shade", params={"shade": "A1"}),
        Layer(kind="incisal-translucency", name="Incisal translucency"),
        Layer(kind="perikymata", name="Perikymata"),
        Layer(kind="gum-colour", name="Gums"),
        Layer(kind="uv-fluorescence", name="UV fluorescence"),
    )


def starter_design(mood: str | None = None, fusion: float = 0.5) -> Design:
    """A new design: natural stack, and the mood's glow at the given fusion."""
    design = Design(
        meta=Meta(title="My Fusion Smile" if mood else "My smile"),
        layers=natural_stack(),
        fusion=fusion,
    )
    return validate_design(apply_mood(design, mood, mode="replace") if mood else design)
