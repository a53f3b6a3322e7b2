"""FusionSmile: a procedural bioluminescent smile designer."""

__version__ = "0.1.0"
