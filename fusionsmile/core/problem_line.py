"""A design that cannot be read, said in one line: its first problem and how many more.

The command line and batch exports report a broken design the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fusionsmile.core.design_io import DesignError


def problem_line(error: DesignError) -> str:
    """`SOURCE: first problem (and N more problems; run `fusionsmile validate`)`."""
    more = len(error.problems) - 1
    tail = f" (and {more} more problems; run `fusionsmile validate`)" if more > 0 else ""
    return f"{error.source}: {error.problems[0]}{tail}"
