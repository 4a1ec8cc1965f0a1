"""`python -m mlflow_lite`: the `mlflow-lite` command (see `_cli`)."""

import sys

from ._cli import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
