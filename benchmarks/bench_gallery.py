"""Gallery listing and search at 10,000 entries: prints medians, never passes or fails.

Targets: listing and searching under 200 ms. The entries are written straight into the
gallery's folder format (design.json, entry.json and a tiny placeholder thumbnail, as
`Gallery.add` writes them but without rendering or fsync), then the index is built from
the folders as it would be for a gallery copied in from elsewhere.

    .venv/bin/python benchmarks/bench_gallery.py [--entries 10000] [--runs 7] [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fusionsmile.core.design import Design, Meta
from fusionsmile.core.design_io import design_to_json
from fusionsmile.core.moods import MOODS
from fusionsmile.gallery.entry import DESIGN_FILE, ENTRY_FILE, THUMBNAIL_FILE, design_id
from fusionsmile.gallery.store import ENTRIES_FOLDER, INDEX_FILE, Gallery

WORDS = [
    "aurora",
    "moonlit",
    "ember",
    "tide",
    "spark",
    "fern",
    "comet",
    "velvet",
    "lantern",
    "quartz",
    "willow",
    "drift",
]
TAGS = ["glow", "natural", "fusion", "authentic", "perfect", "blacklight", "tattoo", "worn"]
PLACEHOLDER_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def build_folders(root: Path, count: int) -> None:
    folder = root / ENTRIES_FOLDER
    folder.mkdir(parents=True)
    moods = list(MOODS)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(count):
        words = [WORDS[(n * 7 + k) % len(WORDS)] for k in range(3)]
        meta = Meta(
            title=f"{words[0].title()} {words[1]} #{n}",
            author=f"artist{n % 97}",
            story=f"A {words[2]} smile, number {n}. It glows like {words[1]} at dusk.",
            tags=(TAGS[n % len(TAGS)], TAGS[(n // 3) % len(TAGS)]),
            mood=moods[n % len(moods)],
        )
        design = Design(meta=meta)
        id = design_id(design)
        entry = folder / f"e{n:05d}-{id[:12]}"
        entry.mkdir()
        (entry / DESIGN_FILE).write_text(design_to_json(design), encoding="utf-8")
        (entry / THUMBNAIL_FILE).write_bytes(PLACEHOLDER_PNG)
        added = (start + timedelta(minutes=n)).isoformat()
        (entry / ENTRY_FILE).write_text(json.dumps({"id": id, "added": added}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="1,000 entries, few runs (CI)")
    args = parser.parse_args()
    count, runs = (1_000, 2) if args.quick else (args.entries, args.runs)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "gallery"
        start = time.perf_counter()
        build_folders(root, count)
        print(f"wrote {count} entry folders in {time.perf_counter() - start:.1f} s")

        def rebuild() -> None:
            (root / INDEX_FILE).unlink(missing_ok=True)
            Gallery(root).search(limit=1)

        rows = [("index rebuild from the folders", median_ms(rebuild, max(1, min(runs, 3))), None)]
        gallery = Gallery(root)
        assert len(gallery.entries()) == count
        some = gallery.entries()[count // 2]
        rows += [
            (
                "open (staleness check of every folder)",
                median_ms(lambda: Gallery(root).search(limit=1), runs),
                200.0,
            ),
            ("list all, newest first", median_ms(gallery.entries, runs), 200.0),
            ("list all, by title", median_ms(lambda: gallery.search(sort="title"), runs), 200.0),
            ("list first 50", median_ms(lambda: gallery.search(limit=50), runs), 200.0),
            (
                "text search 'moonlit'",
                median_ms(lambda: gallery.search(text="moonlit"), runs),
                200.0,
            ),
            (
                "text search 'spark dusk'",
                median_ms(lambda: gallery.search(text="spark dusk"), runs),
                200.0,
            ),
            ("tag search 'glow'", median_ms(lambda: gallery.search(tag="glow"), runs), 200.0),
            (
                "author + mood",
                median_ms(lambda: gallery.search(author="artist5", mood="joy"), runs),
                200.0,
            ),
            ("get by 8-digit prefix", median_ms(lambda: gallery.get(some.id[:8]), runs), 200.0),
        ]
        hits = {
            "moonlit": len(gallery.search(text="moonlit")),
            "glow": len(gallery.search(tag="glow")),
        }
    print(f"{count} entries, median of {runs} runs (target: list and search < 200 ms)")
    for name, ms, target in rows:
        mark = "" if target is None else ("  ok" if ms < target else "  over target")
        print(f"  {name:42s} {ms:9.1f} ms{mark}")
    print(f"  hits: {hits}")


if __name__ == "__main__":
    main()
