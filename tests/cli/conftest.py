"""`fusionsmile photo` and `animate --photo` are tried on the portrait tests' photos."""

from tests.portrait.conftest import astronaut_path, grace_hopper_path, large_astronaut

__all__ = ["astronaut_path", "grace_hopper_path", "large_astronaut"]
