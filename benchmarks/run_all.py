"""Run every benchmark script in this folder and print their figures.

    .venv/bin/python benchmarks/run_all.py [--quick]

Exits non-zero only if a benchmark crashes; timings are reported, never judged.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    extra = sys.argv[1:]
    failed = []
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script), *extra], check=False)
        if result.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"benchmarks that crashed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
