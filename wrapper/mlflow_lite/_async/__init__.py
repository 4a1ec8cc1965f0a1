"""The async code, written by hand: the client and its run handle (`client`), the buffered run's sender
(`sender`) and the journaled run's drain (`drain`). `_sync/` is generated from this folder file by file
(`scripts/unasync.py`; `make lint` fails when it is stale)."""
