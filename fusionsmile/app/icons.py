"""The icons of the app's actions and buttons, in one place: what each thing is called
here, and which glyph of Material Design Icons 6 (`mdi6.*`, the icon font qtawesome
ships inside its wheel, so nothing is fetched at run time) draws it.

One font for every icon keeps the strokes, corners and optical size the same across the
toolbars, menus and panels. Icons are drawn in the theme's colours: text colour at rest,
white under the pointer, the accent when an action is on (a checked view, lighting or
bloom), the theme's disabled grey when it cannot be used.
"""

from __future__ import annotations

import os

# qtawesome draws through QtPy, which binds to whichever Qt it finds first; the app is
# PyQt6 only, and a QIcon from another binding would not go into our widgets.
os.environ["QT_API"] = "pyqt6"

import qtawesome
from PyQt6.QtGui import QIcon

from fusionsmile.app import theme

ICONS: dict[str, str] = {
    # File
    "new": "mdi6.file-plus-outline",
    "open": "mdi6.folder-open-outline",
    "save": "mdi6.content-save-outline",
    "save_as": "mdi6.content-save-edit-outline",
    "export_image": "mdi6.image-outline",
    "export_animation": "mdi6.movie-open-outline",
    "export_mesh": "mdi6.cube-outline",  # a 3D file: GLB, OBJ, STL, PLY
    "quit": "mdi6.exit-to-app",
    # Edit
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "select_all_teeth": "mdi6.select-all",
    "clear_selection": "mdi6.selection-off",
    "details": "mdi6.card-text-outline",  # the design's title and story
    # Camera presets. Front is the teeth seen face on; the three-quarter views turn the
    # head one way or the other; the occlusal views look up at the upper arch's biting
    # surface or down on the lower one (an arrow against a bar: which way one looks).
    "view_front": "mdi6.tooth-outline",
    "view_three_quarter_left": "mdi6.rotate-left",
    "view_three_quarter_right": "mdi6.rotate-right",
    "view_occlusal_upper": "mdi6.arrow-collapse-up",
    "view_occlusal_lower": "mdi6.arrow-collapse-down",
    "frame": "mdi6.fit-to-screen-outline",
    # Portrait: a photo to add, a face, the 3D model, a wipe between before and after,
    # the designer's lines, and back to the automatic fit.
    "open_photo": "mdi6.image-plus-outline",
    "sample_portrait": "mdi6.account-box-outline",
    "mode_3d": "mdi6.rotate-3d-variant",
    "mode_portrait": "mdi6.face-woman-shimmer-outline",
    "mode_compare": "mdi6.compare-horizontal",
    "reference_lines": "mdi6.vector-line",
    "reset_fit": "mdi6.restore",
    "next_face": "mdi6.account-switch-outline",
    "own_shade": "mdi6.eyedropper-variant",
    "preferred_view": "mdi6.camera-marker-outline",
    "film": "mdi6.movie-edit-outline",  # a storyboard edited into a film
    "reset_layout": "mdi6.view-dashboard-outline",
    # Lighting: the sun, the moon, a lamp lit in the dark.
    "lighting_day": "mdi6.white-balance-sunny",
    "lighting_night": "mdi6.weather-night",
    "lighting_blacklight": "mdi6.lightbulb-on-outline",
    "bloom": "mdi6.creation-outline",  # sparkles: the halo of light around the glow
    # Time
    "play": "mdi6.play",
    "pause": "mdi6.pause",
    "play_pause": "mdi6.play-pause",
    "loop": "mdi6.repeat",
    # Layers
    "layer_add": "mdi6.plus",
    "layer_duplicate": "mdi6.content-duplicate",
    "layer_up": "mdi6.arrow-up",
    "layer_down": "mdi6.arrow-down",
    "layer_remove": "mdi6.trash-can-outline",
    # Gallery
    "gallery_publish": "mdi6.publish",
    "gallery_import": "mdi6.tray-arrow-down",  # a .fsmile bundle comes in
    "gallery_export": "mdi6.tray-arrow-up",  # and goes out
    "gallery_remix": "mdi6.shuffle-variant",
    "gallery_blend": "mdi6.merge",  # two designs crossed into one
    "gallery_lineage": "mdi6.family-tree",
    # Help
    "shortcuts": "mdi6.keyboard-outline",
    "about": "mdi6.information-outline",
}

# Under the pointer: a touch brighter than the text (tool buttons and highlighted menu
# items draw their icon in QIcon's Active mode).
_HOVER_COLOUR = "#ffffff"


def icon(name: str, on: str | None = None) -> QIcon:
    """The icon called `name` in ICONS, in the theme's colours. With `on`, a checked
    button shows that icon's glyph instead (play shows pause while playing)."""
    options: dict[str, object] = {
        "color": theme.TEXT,
        "color_active": _HOVER_COLOUR,
        "color_on": theme.ACCENT,
        "color_on_active": theme.ACCENT,
        "color_disabled": theme.DISABLED,
    }
    if on is not None:
        options["on"] = ICONS[on]
    return qtawesome.icon(ICONS[name], **options)
