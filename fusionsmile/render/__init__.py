"""Headless and embedded OpenGL rendering with moderngl. Never imports Qt."""

from fusionsmile.render.camera import CAMERA_PRESETS, Camera, camera_for
from fusionsmile.render.context import RenderUnavailable, create_context
from fusionsmile.render.lighting import LIGHTING_PRESETS, Light, Lighting, lighting_for
from fusionsmile.render.renderer import Renderer, render_image, shared_renderer, smile_bounds

__all__ = [
    "CAMERA_PRESETS",
    "LIGHTING_PRESETS",
    "Camera",
    "Light",
    "Lighting",
    "RenderUnavailable",
    "Renderer",
    "camera_for",
    "create_context",
    "lighting_for",
    "render_image",
    "shared_renderer",
    "smile_bounds",
]
