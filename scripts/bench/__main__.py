"""`python scripts/bench` (what `make bench` runs) or `python -m bench` with scripts/ on the path: the bench, see
the package's docstring."""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:
    # Run as `python scripts/bench`: the package's own folder is first on the path, where its modules would be
    # importable as top-level ones. The bench imports itself as `bench`, beside its sibling `mlflow_server`, from
    # scripts/, as the tests do.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import main

if __name__ == "__main__":
    sys.exit(main())
