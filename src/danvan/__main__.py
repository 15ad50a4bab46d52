"""``python -m danvan``: the same command line as ``danvan``."""

from __future__ import annotations

from danvan._cli import main

if __name__ == "__main__":  # importing the module (doctest collection) must not run it
    raise SystemExit(main())
