"""A design whose two upper centrals glow and nothing else: shared by the export tests."""

from fusionsmile.core.design import Design, Layer, Mask

GLOW = Design(
    layers=(
        Layer(
            kind="solid-glow",
            params={"palette": "foxfire", "intensity": 4.0},
            mask=Mask(teeth=(11, 21)),
        ),
    ),
    fusion=1.0,
)
