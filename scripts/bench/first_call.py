"""Phase 1b, first call: each in a fresh process against a run made beforehand, as a user's script makes it:
import, make a client, log one metric (raw httpx, mlflow-lite, MLflow's client)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import CHILDREN, KEY, Client, Sizes, run_child, verify, with_medians
from mlflow_lite import TrackingClient


@dataclass(frozen=True)
class FirstCall:
    """A first call as a user's script makes it: import, make a client, log one value. `script` is the child that
    makes it; `imports`, `client` and `call` are its three steps as the JSON shows them (templates, with the url,
    run_id, key, value and step the child is given)."""

    script: Path
    imports: str
    client: str
    call: str


HTTPX_FIRST = FirstCall(
    CHILDREN / "first_call_httpx.py",
    "import httpx",
    "http = httpx.Client(base_url={url!r})",
    "http.post({path!r}, json={{'run_id': {run_id!r}, 'key': {key!r}, 'value': {value!r}, "
    "'timestamp': int(time.time() * 1000), 'step': {step!r}}}).raise_for_status()",
)
LITE_FIRST = FirstCall(
    CHILDREN / "first_call_mlflow_lite.py",
    "import mlflow_lite",
    "client = mlflow_lite.TrackingClient({url!r})",
    "client.log_metric({run_id!r}, {key!r}, {value!r}, step={step!r})",
)
MLFLOW_FIRST = FirstCall(
    CHILDREN / "first_call_mlflow.py",
    "from mlflow import MlflowClient",
    "client = MlflowClient({url!r})",
    "client.log_metric({run_id!r}, {key!r}, {value!r}, step={step!r})",
)
FIRST_CALLS = {
    "httpx": HTTPX_FIRST,
    "mlflow_lite": LITE_FIRST,
    "mlflow_skinny_3": MLFLOW_FIRST,
    "mlflow_skinny_2": MLFLOW_FIRST,
    "mlflow_full": MLFLOW_FIRST,
}


def first_call_probe(client: Client, url: str, run_id: str, step: int) -> dict[str, float]:
    """One fresh process: import, client, one logged value (step `step`, value float(step)); the three parts'
    own times, their sum (`first_call_s`), the process's wall time and peak RSS."""
    probe = FIRST_CALLS[client.key]
    args = (url, run_id, KEY, repr(float(step)), str(step))
    stdout, wall = run_child(client.python, probe.script, *args, what=f"{client.label}'s first call")
    imported, made, called, peak_kib = stdout.split()[-4:]
    parts = float(imported), float(made), float(called)
    return {
        "wall_s": wall,
        "first_call_s": sum(parts),
        "import_s": parts[0],
        "client_s": parts[1],
        "call_s": parts[2],
        "peak_rss_mib": int(peak_kib) / 1024,
    }


def bench_first_call(
    url: str, client: TrackingClient, experiment: str, clients: dict[str, Client], sizes: Sizes
) -> dict[str, Any]:
    keys = ["httpx", "mlflow_lite", "mlflow_skinny_3"]
    if sizes.first_call_all:
        keys += ["mlflow_skinny_2", "mlflow_full"]
    cases = [clients[key] for key in keys if key in clients]
    runs = {case.key: client.start_run(experiment, run_name=f"first-call-{case.key}") for case in cases}
    samples: dict[str, list[dict[str, float]]] = {case.key: [] for case in cases}
    for step in range(sizes.probe_repeats):
        for case in cases:
            samples[case.key].append(first_call_probe(case, url, runs[case.key].run_id, step))
    result: dict[str, Any] = {"repeats": sizes.probe_repeats}
    for case in cases:
        probe = FIRST_CALLS[case.key]
        result[case.key] = {
            "label": case.label,
            "statements": [probe.imports, probe.client, probe.call],
            **with_medians(samples[case.key]),
            "verified": verify(client, runs[case.key].run_id, KEY, sizes.probe_repeats, f"first call, {case.label}"),
        }
        runs[case.key].end()
    return result
