"""GLSL sources shipped as package resources in `shaders/`, compiled per context, their
uniforms by name, and the fixed state of the full-screen passes that run them."""

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


def uniform(program: moderngl.Program, name: str) -> moderngl.Uniform:
    """The uniform called name in program, to `write` or `read` as bytes (arrays,
    matrices). moderngl's `program[name]` may also be a block, an attribute or a varying."""
    member = program[name]
    if not isinstance(member, moderngl.Uniform):
        raise TypeError(f"{name} is a {type(member).__name__}, not a uniform")
    return member


def full_screen_state(ctx: moderngl.Context) -> None:
    """State of a full-screen pass: it replaces what it covers, so no blending, depth or
    culling, whatever the context's other users (Qt between the live view's paints, the
    surface pass) left switched on."""
    ctx.disable(moderngl.BLEND | moderngl.DEPTH_TEST | moderngl.CULL_FACE)
