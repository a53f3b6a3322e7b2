"""`python -m fusionsmile`: the command line, for when the console script is not on PATH
(the app runs thumbnails through `sys.executable -m fusionsmile render`)."""

from fusionsmile.cli import main

main()
