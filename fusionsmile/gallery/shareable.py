"""What leaves a person's machine when they publish a design.

A design made on a portrait names its photo (hash, file name, fit). The photo itself is
never in a design, and its reference is dropped on publishing as well: a file name can
name the person, and a gallery entry is meant for others. (Sharing the photo on
request, with a warning, is not built yet.)
"""

from __future__ import annotations

from fusionsmile.core.design import Design


def shareable(design: Design) -> Design:
    """design as it may be published: without its photo reference."""
    if design.photo is None:
        return design
    return design.model_copy(update={"photo": None})
