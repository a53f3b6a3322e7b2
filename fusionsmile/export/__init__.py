"""Mesh and image writers. Never imports Qt."""
