"""Procedural dentition: arch forms, crowns, gums, sampled into SurfaceAttributes."""
