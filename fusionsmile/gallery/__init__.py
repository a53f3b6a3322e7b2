"""Community gallery: entry folders, their search index, bundles, remix and blend, lineage.
Never imports Qt."""

from fusionsmile.gallery.bundle import (
    FORMAT_VERSION,
    Bundle,
    import_bundle,
    read_bundle,
    write_bundle,
)
from fusionsmile.gallery.entry import Entry, GalleryError, design_id
from fusionsmile.gallery.lineage import LineageNode
from fusionsmile.gallery.store import Gallery
from fusionsmile.gallery.synergy import blend, remix

__all__ = [
    "FORMAT_VERSION",
    "Bundle",
    "Entry",
    "Gallery",
    "GalleryError",
    "LineageNode",
    "blend",
    "design_id",
    "import_bundle",
    "read_bundle",
    "remix",
    "write_bundle",
]
