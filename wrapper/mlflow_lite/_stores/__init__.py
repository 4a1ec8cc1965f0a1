"""Artifact stores the tracking server does not proxy: a run's `artifact_uri` of `file:` (or a plain path),
`s3://`, `gs://`, `wasbs://` or `abfss://`, written and read by the client itself, as MLflow's client does.

One interface (`Store`: put a file or bytes, list a folder, get a file to disk) and its implementations: a local
folder (`local`, no extra library) and the cloud stores (`cloud`, through obstore, the `stores` extra, imported
only when a store is made). `store_for(uri)` picks one by the URI's scheme; None means the server's own proxy
(`mlflow-artifacts:`), which the ops reach with requests, not through this layer.

A store's methods block (they do the I/O); the ops call them through the `Call` effect, so an op still performs
no I/O itself and the async client runs them in a worker thread. Keys are POSIX paths relative to the store's
root, already checked by the ops (`_ops.artifacts.relative_path`); each store checks again where a key could
leave its root.
"""

from .base import Store, store_for

__all__ = ["Store", "store_for"]
