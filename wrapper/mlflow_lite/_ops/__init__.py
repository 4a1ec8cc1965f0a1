"""The ops: what each client method does, written once for the sync and the async client.

Every op is a generator that yields effects (`_core.effects`) and returns the method's result; the clients
carry the effects out. Ops build requests with the generated package (`mlflow_rest_api`), the one layer that
imports it, turn its answers into entities (`to_entities`), and check input before anything is sent
(`validate`). This `__init__` imports nothing: each client loads the op modules it needs at its first call.
"""
