"""The protocol layer: what every call needs whatever it asks, and nothing of MLflow's endpoints.

Settings (`settings`), the effects an op yields (`effects`), retries and the reading of errors (`retry`), the
httpx options (`transport`), the server-version gate (`server`), file streams (`streams`), the async/sync
primitives the background workers wait with (`concurrency`), and what both clients share (`client_base`).
No module here imports the generated package; only `transport` and the clients build httpx clients.
"""
