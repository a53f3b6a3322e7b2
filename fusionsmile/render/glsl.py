"""GLSL sources shipped as package resources in `shaders/`, compiled per context."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import moderngl


@cache
def shader_source(name: str) -> str:
    """Text of shaders/<name> (e.g. "surface.frag")."""
    return (files("fusionsmile.render") / "shaders" / name).read_text(encoding="utf-8")


def load_program(ctx: moderngl.Context, vertex: str, fragment: str) -> moderngl.Program:
    """Compile and link a program from two shader files."""
    return ctx.program(vertex_shader=shader_source(vertex), fragment_shader=shader_source(fragment))
