"""Generated from `_async/` by `scripts/unasync.py`: edit the async file, then run `make unasync`."""
