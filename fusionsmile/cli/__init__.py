"""The `fusionsmile` command line: a thin shell over the core, renderer and exporters.

`entry` holds the top-level command and gathers the others, one module per command
group (`design`, `render`, `export`, `photo`, `film`, `quilt`, `gallery`), which share
`common` (safe output, one-line failures, reading designs, sizes and photos).
"""

from fusionsmile.cli.entry import app, main

__all__ = ["app", "main"]
