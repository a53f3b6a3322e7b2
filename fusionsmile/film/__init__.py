"""Films of a design: storyboards (data), their frames, captions and credits."""

from fusionsmile.film.credits import Credit, credit_lines
from fusionsmile.film.default_film import default_storyboard
from fusionsmile.film.shots import film_frame_count, film_frames
from fusionsmile.film.storyboard import (
    BlendChange,
    CardShot,
    FusionChange,
    SmileShot,
    Storyboard,
    StoryboardError,
    read_storyboard,
    storyboard_to_json,
)

__all__ = [
    "BlendChange",
    "CardShot",
    "Credit",
    "FusionChange",
    "SmileShot",
    "Storyboard",
    "StoryboardError",
    "credit_lines",
    "default_storyboard",
    "film_frame_count",
    "film_frames",
    "read_storyboard",
    "storyboard_to_json",
]
