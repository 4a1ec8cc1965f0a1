"""Durability: buffered logging and the spool journal.

`buffer` holds a run's pending values and cuts them into requests; `journal` is the journal's file format and
writer; `delivery` reads a journal back in order and says what to send next, for a live run's drain and for
`mlflow-lite sync` alike; `replay` is `sync` itself. No network I/O here: the workers that carry the steps out
are in `_async` (and `_sync`, generated from it).
"""
