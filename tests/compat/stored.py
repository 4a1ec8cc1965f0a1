"""What a server stores for one script's run, read back over plain REST (httpx and MLflow's JSON, no client
library) and normalized so that two runs of the same script compare equal when they stored the same things.

Metric histories are read from the server's SQLite store (every compat server has one): REST has a request per
key, and script 23 logs 1,200 keys, so its reading cost the server 2,400 requests (some 30 s of its CPU); the
store has them in one query per run, as stored (NaN as its flag, the infinities as the largest doubles, for MLflow's
client and for mlflow-lite alike).

Normalized away, because they differ between any two runs of one script: run, experiment and model-version
ids (replaced by their order of creation), the name prefix each run of a script gets, names the server
generates for unnamed runs, wall-clock times (a time within a day of now becomes "now"; small explicit
timestamps that scripts log stay as they are), and the UUIDs and timestamps MLflow puts in artifact names
of image series and table images.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx

__all__ = ["stored"]

PAGE = 1000
GENERATED_NAME = re.compile(r"^[a-z]+-[a-z]+-\d{1,3}$")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
RUN_ID = re.compile(r"\b[0-9a-f]{32}\b")
MODEL_ID = re.compile(r"\bm-[0-9a-f]{32}\b")
TIMESTAMP_IN_NAME = re.compile(r"\+timestamp\+\d+")
EXPERIMENT_IN_URI = re.compile(r"mlflow-artifacts:/\d+")
TEXT_SUFFIXES = (".json", ".yaml", ".yml", ".txt", ".html", ".csv")


def normal_name(run_name: str) -> str:
    return "<generated>" if GENERATED_NAME.match(run_name) else run_name


class Reader:
    def __init__(self, url: str, prefix: str, store: Path) -> None:
        self.http = httpx.Client(base_url=url + "/api/2.0", timeout=60)
        self.prefix = prefix
        self.store = store
        self.names: dict[str, str] = {}  # ids (runs, experiments) to stable placeholders
        self.now_ms = time.time() * 1000

    def get(self, route: str, **params: Any) -> Any:
        answer = self.http.get(route, params=params)
        answer.raise_for_status()
        return answer.json()

    def post(self, route: str, **body: Any) -> Any:
        answer = self.http.post(route, json=body)
        answer.raise_for_status()
        return answer.json()

    def logged_models(self, experiment_id: str) -> list[dict[str, Any]]:
        """An experiment's logged models (MLflow 3; a 2.x server has no such route: none)."""
        answer = self.http.post(
            "/mlflow/logged-models/search", json={"experiment_ids": [experiment_id], "max_results": PAGE}
        )
        if answer.status_code == 404:
            return []
        answer.raise_for_status()
        models: list[dict[str, Any]] = answer.json().get("models", [])
        return sorted(models, key=lambda m: (m["info"]["name"], m["info"]["creation_timestamp_ms"]))

    def name(self, kind: str, value: str) -> str:
        if value not in self.names:
            self.names[value] = f"<{kind}{sum(1 for v in self.names.values() if v.startswith('<' + kind))}>"
        return self.names[value]

    def text(self, value: str) -> str:
        """A stored string with ids, the prefix, UUIDs and timestamps in names normalized."""
        value = value.replace(self.prefix, "<prefix>")
        value = MODEL_ID.sub(lambda m: self.names.get(m.group(0), "<unknown model>"), value)
        value = RUN_ID.sub(lambda m: self.names.get(m.group(0), "<unknown run>"), value)
        value = UUID.sub("<uuid>", value)
        value = EXPERIMENT_IN_URI.sub("mlflow-artifacts:/<experiment>", value)
        return TIMESTAMP_IN_NAME.sub("+timestamp+<ms>", value)

    def time(self, value: int | None) -> int | str | None:
        if value is None:
            return None
        return "now" if abs(value - self.now_ms) < 86_400_000 else value


def stored(url: str, prefix: str, store: Path) -> dict[str, Any]:
    """Everything stored under experiments and registered models whose names start with `prefix` (`store`: the
    server's SQLite database)."""
    reader = Reader(url, prefix, store)
    try:
        return {"experiments": experiments(reader), "models": models(reader)}
    finally:
        reader.http.close()


def experiments(reader: Reader) -> list[dict[str, Any]]:
    found = reader.post(
        "/mlflow/experiments/search", max_results=PAGE, view_type="ALL", filter=f"name LIKE '{reader.prefix}%'"
    ).get("experiments", [])
    found.sort(key=lambda e: int(e["experiment_id"]))
    result = []
    runs_by_experiment = {}
    for experiment in found:
        runs = reader.post(
            "/mlflow/runs/search",
            experiment_ids=[experiment["experiment_id"]],
            run_view_type="ALL",
            max_results=PAGE,
            order_by=["attributes.start_time ASC"],
        ).get("runs", [])
        # Named runs in name order (runs started by threads start in any order), unnamed ones as they started.
        runs.sort(key=lambda r: (normal_name(r["info"]["run_name"]), r["info"]["start_time"]))
        for run in runs:
            reader.name("run", run["info"]["run_id"])
        runs_by_experiment[experiment["experiment_id"]] = runs
    models_by_experiment = {}
    for experiment in found:
        logged = reader.logged_models(experiment["experiment_id"])
        for model in logged:
            reader.name("model", model["info"]["model_id"])
        models_by_experiment[experiment["experiment_id"]] = logged
    for experiment in found:
        experiment_id = experiment["experiment_id"]
        reader.name("experiment", experiment_id)
        result.append(
            {
                "name": reader.text(experiment["name"]),
                "lifecycle_stage": experiment["lifecycle_stage"],
                "artifact_location": reader.text(experiment["artifact_location"]),
                "tags": {t["key"]: reader.text(t["value"]) for t in experiment.get("tags", [])},
                "runs": [run_stored(reader, run) for run in runs_by_experiment[experiment_id]],
                "logged_models": [logged_model(reader, model) for model in models_by_experiment[experiment_id]],
            }
        )
    return result


def run_stored(reader: Reader, run: dict[str, Any]) -> dict[str, Any]:
    info, data = run["info"], run.get("data", {})
    run_id = info["run_id"]
    full = reader.get("/mlflow/runs/get", run_id=run_id)["run"]
    run_name = normal_name(info.get("run_name", ""))
    tags = {t["key"]: reader.text(t.get("value", "")) for t in data.get("tags", [])}
    if "mlflow.runName" in tags:
        tags["mlflow.runName"] = normal_name(tags["mlflow.runName"])
    keys = sorted({m["key"] for m in data.get("metrics", [])})
    histories = {
        key: sorted(((step, value, reader.time(timestamp)) for step, value, timestamp in points), key=str)
        for key, points in zip(keys, read_histories(reader, run_id, keys), strict=True)
    }
    return {
        "id": reader.name("run", run_id),
        "run_name": run_name,
        "user_id": info.get("user_id"),
        "status": info["status"],
        "lifecycle_stage": info["lifecycle_stage"],
        "start_time": reader.time(info.get("start_time")),
        "end_time": reader.time(info.get("end_time")),
        "params": {p["key"]: reader.text(p.get("value", "")) for p in data.get("params", [])},
        "tags": tags,
        "metrics": histories,
        "inputs": sorted(
            (
                {
                    "dataset": dataset(item["dataset"]),
                    "tags": sorted((t["key"], t["value"]) for t in item.get("tags", [])),
                }
                for item in run.get("inputs", {}).get("dataset_inputs", [])
            ),
            key=str,
        ),
        # From get-run: 3.17.2's search leaves a run's model inputs out.
        "model_inputs": sorted(reader.text(m["model_id"]) for m in full.get("inputs", {}).get("model_inputs", [])),
        "model_outputs": sorted(
            (reader.text(m["model_id"]), m.get("step", 0)) for m in full.get("outputs", {}).get("model_outputs", [])
        ),
        "artifacts": artifacts(reader, run_id, info["artifact_uri"], ""),
    }


def read_histories(reader: Reader, run_id: str, keys: list[str]) -> list[list[tuple[int, str, int]]]:
    """Each key's (step, value, timestamp) points, from the store in one query."""
    found: dict[str, list[tuple[int, str, int]]] = {key: [] for key in keys}
    with contextlib.closing(sqlite3.connect(f"file:{reader.store}?mode=ro", uri=True, timeout=60)) as db:
        rows = db.execute("SELECT key, step, value, is_nan, timestamp FROM metrics WHERE run_uuid = ?", (run_id,))
        for key, step, value, is_nan, timestamp in rows:
            found.setdefault(key, []).append((step, "NaN" if is_nan else repr(float(value)), timestamp))
    assert set(found) == set(keys), f"the store's metric keys differ from the run's: {set(found) ^ set(keys)}"
    return [found[key] for key in keys]


def dataset(stored: dict[str, Any]) -> dict[str, Any]:
    """A dataset input as stored; a `code` source (the script's context tags, as JSON) parsed, so that its tags
    compare one by one, as a run's context tags do."""
    if stored.get("source_type") == "code":
        return {**stored, "source": json.loads(stored["source"])}
    return stored


def logged_model(reader: Reader, model: dict[str, Any]) -> dict[str, Any]:
    info, data = model["info"], model.get("data", {})
    return {
        "id": reader.text(info["model_id"]),
        "name": reader.text(info["name"]),
        "status": info["status"],
        "status_message": info.get("status_message"),
        "model_type": info.get("model_type"),
        "source_run_id": reader.text(info.get("source_run_id", "")),
        "tags": {t["key"]: reader.text(t.get("value", "")) for t in info.get("tags", [])},
        "params": {p["key"]: p.get("value") for p in data.get("params", [])},
        "metrics": sorted(
            (
                (
                    m["key"],
                    str(m["value"]),
                    m.get("step", 0),
                    reader.time(m["timestamp"]),
                    m.get("dataset_name"),
                    m.get("dataset_digest"),
                    reader.text(m.get("run_id", "")),
                )
                for m in data.get("metrics", [])
            ),
            key=str,
        ),
        "artifacts": model_artifacts(reader, info["model_id"], info["artifact_uri"], ""),
    }


def model_artifacts(reader: Reader, model_id: str, root: str, path: str) -> list[Any]:
    """`artifacts` for a logged model, listed through its own route."""
    listed = reader.get(
        f"/mlflow/logged-models/{model_id}/artifacts/directories", **({"artifact_directory_path": path} if path else {})
    )
    tree: list[Any] = []
    for entry in sorted(listed.get("files", []), key=lambda f: f["path"]):
        if entry["is_dir"]:
            tree += model_artifacts(reader, model_id, root, entry["path"])
            continue
        content = reader.http.get(
            f"/mlflow-artifacts/artifacts/{root.removeprefix('mlflow-artifacts:/')}/{entry['path']}"
        )
        content.raise_for_status()
        tree.append((entry["path"], entry.get("file_size"), hashlib.sha256(content.content).hexdigest()[:16]))
    return tree


def artifacts(reader: Reader, run_id: str, root: str, path: str) -> list[Any]:
    """Every file below `path`: its normalized path, size, and a digest of its bytes (of its normalized text
    for text files, which may name ids)."""
    listed = reader.get("/mlflow/artifacts/list", run_id=run_id, **({"path": path} if path else {}))
    tree: list[Any] = []
    for entry in sorted(listed.get("files", []), key=lambda f: f["path"]):
        if entry["is_dir"]:
            tree += artifacts(reader, run_id, root, entry["path"])
            continue
        proxy_path = root.removeprefix("mlflow-artifacts:/") + "/" + entry["path"]
        content = reader.http.get(f"/mlflow-artifacts/artifacts/{proxy_path}")
        content.raise_for_status()
        data = content.content
        if entry["path"].endswith(TEXT_SUFFIXES):
            data = reader.text(data.decode("utf-8")).encode("utf-8")
        tree.append((reader.text(entry["path"]), entry.get("file_size"), hashlib.sha256(data).hexdigest()[:16]))
    return tree


def models(reader: Reader) -> list[dict[str, Any]]:
    found = reader.get(
        "/mlflow/registered-models/search", max_results=PAGE, filter=f"name LIKE '{reader.prefix}%'"
    ).get("registered_models", [])
    result = []
    for model in sorted(found, key=lambda m: m["name"]):
        versions = reader.get(
            "/mlflow/model-versions/search", max_results=PAGE, filter=f"name = '{model['name']}'"
        ).get("model_versions", [])
        result.append(
            {
                "name": reader.text(model["name"]),
                "description": model.get("description"),
                "tags": {t["key"]: t.get("value") for t in model.get("tags", [])},
                "aliases": {a["alias"]: a["version"] for a in model.get("aliases", [])},
                "versions": [
                    {
                        "version": v["version"],
                        "source": reader.text(v["source"]),
                        "run_id": reader.text(v.get("run_id", "")),
                        "status": v["status"],
                        "current_stage": v["current_stage"],
                        "description": v.get("description"),
                        "tags": {t["key"]: t.get("value") for t in v.get("tags", [])},
                        "aliases": sorted(v.get("aliases", [])),
                    }
                    for v in sorted(versions, key=lambda v: int(v["version"]))
                ],
            }
        )
    return result
