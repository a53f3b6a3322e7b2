"""Smooth and cellular procedural noise at arbitrary points, vectorised.

FastNoise Lite (through pyfastnoiselite) evaluates a whole array of points in C, about
1 ms per 20k points here; opensimplex's array functions only sample grids. Seeds are
clipped into the 32-bit range FastNoise Lite takes, so equal seeds give equal noise.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pyfastnoiselite.pyfastnoiselite import (
    CellularDistanceFunction,
    CellularReturnType,
    FastNoiseLite,
    FractalType,
    NoiseType,
)

F32 = NDArray[np.float32]
CellularOutput = Literal["edges", "distance", "cell"]

_CELLULAR_RETURN = {
    # second-nearest minus nearest feature distance (shifted so 0 is on cell borders)
    "edges": CellularReturnType.CellularReturnType_Distance2Sub,
    "distance": CellularReturnType.CellularReturnType_Distance,
    # a random value in [-1, 1] per cell
    "cell": CellularReturnType.CellularReturnType_CellValue,
}


def _coords(points: NDArray[np.floating]) -> F32:
    """(n, k) points -> contiguous (3, n) float32 as FastNoise Lite wants (z = 0 for 2D)."""
    n, k = points.shape
    coords = np.zeros((3, n), dtype=np.float32)
    coords[:k] = points.T
    return coords


def simplex(points: NDArray[np.floating], frequency: float, seed: int, octaves: int = 1) -> F32:
    """(n,) OpenSimplex2 noise in about [-1, 1] at (n, 2) or (n, 3) points.

    frequency : features per unit of the points (per mm for positions in mm)
    octaves : > 1 adds finer detail (fractal Brownian motion)
    """
    if len(points) == 0:
        return np.zeros(0, dtype=np.float32)
    generator = FastNoiseLite(int(seed) % (2**31))
    generator.noise_type = NoiseType.NoiseType_OpenSimplex2
    generator.frequency = float(frequency)
    if octaves > 1:
        generator.fractal_type = FractalType.FractalType_FBm
        generator.fractal_octaves = int(octaves)
    return np.asarray(generator.gen_from_coords(_coords(points)), dtype=np.float32)


def cellular(
    points: NDArray[np.floating],
    frequency: float,
    seed: int,
    output: CellularOutput = "edges",
    jitter: float = 1.0,
) -> F32:
    """(n,) Worley (cellular) noise at (n, 2) or (n, 3) points.

    output : "edges" 0 on the borders between cells, rising to about 0.8 inside;
             "distance" to the nearest feature point (FastNoise's scale, about -1..0);
             "cell" a random value in [-1, 1] that is constant over each cell
    """
    if len(points) == 0:
        return np.zeros(0, dtype=np.float32)
    generator = FastNoiseLite(int(seed) % (2**31))
    generator.noise_type = NoiseType.NoiseType_Cellular
    generator.frequency = float(frequency)
    generator.cellular_return_type = _CELLULAR_RETURN[output]
    generator.cellular_distance_function = (
        CellularDistanceFunction.CellularDistanceFunction_Euclidean
    )
    generator.cellular_jitter = float(jitter)
    values = np.asarray(generator.gen_from_coords(_coords(points)), dtype=np.float32)
    return values + np.float32(1.0) if output == "edges" else values


def hash01(keys: NDArray[np.integer], seed: int) -> F32:
    """(n,) deterministic pseudo-random floats in [0, 1) for integer keys (a 32-bit
    integer hash: same key and seed, same value, on every machine)."""
    x = (np.asarray(keys, dtype=np.uint64) * np.uint64(0x9E3779B1) + np.uint64(seed)) & np.uint64(
        0xFFFFFFFF
    )
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x85EBCA6B)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    return (x.astype(np.float64) / 2.0**32).astype(np.float32)
