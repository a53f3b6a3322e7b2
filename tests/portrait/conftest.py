"""Real photos that ship inside installed packages: no download, public domain.

astronaut: NASA's portrait of Eileen Collins (scikit-image), smiling with teeth showing.
grace_hopper: the US Navy portrait of Grace Hopper (matplotlib's sample data), lips closed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.starter import starter_design
from fusionsmile.portrait.analysis import PhotoFace, analyse_photo
from fusionsmile.portrait.photo import read_photo, sample_portrait_path


@pytest.fixture(scope="session")
def astronaut_path() -> Path:
    return sample_portrait_path()


@pytest.fixture(scope="session")
def grace_hopper_path() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"


@pytest.fixture(scope="session")
def large_astronaut(tmp_path_factory: pytest.TempPathFactory, astronaut_path: Path) -> Path:
    """The portrait at 1536x1536 (a face large enough to see the teeth's shape)."""
    path = tmp_path_factory.mktemp("photos") / "astronaut-large.jpg"
    with Image.open(astronaut_path) as image:
        image.convert("RGB").resize((1536, 1536), Image.Resampling.LANCZOS).save(path, quality=92)
    return path


@pytest.fixture(scope="session")
def astronaut_face(large_astronaut: Path) -> PhotoFace:
    return analyse_photo(read_photo(large_astronaut))


@pytest.fixture(scope="session")
def natural_dentition() -> Dentition:
    return build(starter_design(fusion=0.0).geometry)
