"""Command line (placeholder until the CLI lands)."""


def main() -> None:
    raise SystemExit("fusionsmile: the command line is not built yet")
