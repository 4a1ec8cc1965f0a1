"""Phase 5, concurrency: runs logged at once with `AsyncTrackingClient` (`asyncio.gather`) against the same work
done one run after another."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bench.common import KEY, Sizes, alternate, ratio, verify_runs, with_medians
from mlflow_lite import AsyncActiveRun, AsyncTrackingClient


async def concurrency_round(
    client: AsyncTrackingClient, experiment: str, sizes: Sizes, mode: str, repetition: int
) -> tuple[float, list[str]]:
    """Fresh runs (created and ended outside the timing), logged one after another or all at once."""

    async def start(k: int) -> AsyncActiveRun:
        return await client.start_run(experiment, run_name=f"{mode}-{repetition}-{k}")

    async def work(run: AsyncActiveRun) -> None:
        for i in range(sizes.calls_per_run):
            await run.log_metric(KEY, float(i), step=i)

    runs = await asyncio.gather(*(start(k) for k in range(sizes.concurrent_runs)))
    started = time.perf_counter()
    if mode == "concurrent":
        await asyncio.gather(*(work(run) for run in runs))
    else:
        for run in runs:
            await work(run)
    wall = time.perf_counter() - started
    await asyncio.gather(*(run.end() for run in runs))
    return wall, [run.run_id for run in runs]


async def concurrency_rounds(url: str, experiment: str, sizes: Sizes) -> tuple[list[dict[str, float]], list[str]]:
    samples: list[dict[str, float]] = []
    run_ids: list[str] = []
    async with AsyncTrackingClient(url) as client:
        for r in range(sizes.repeats):
            wall: dict[str, float] = {}
            for mode in alternate(["sequential", "concurrent"], r):
                wall[mode], ids = await concurrency_round(client, experiment, sizes, mode, r)
                run_ids += ids
            speedup = ratio(wall["sequential"], wall["concurrent"])
            samples.append({"sequential_s": wall["sequential"], "concurrent_s": wall["concurrent"], "speedup": speedup})
    return samples, run_ids


def bench_concurrency(url: str, experiment: str, sizes: Sizes) -> dict[str, Any]:
    samples, run_ids = asyncio.run(concurrency_rounds(url, experiment, sizes))
    checks = [(run_id, sizes.calls_per_run, f"concurrency run {run_id}") for run_id in run_ids]
    return {
        "runs": sizes.concurrent_runs,
        "calls_per_run": sizes.calls_per_run,
        "repeats": sizes.repeats,
        **with_medians(samples),
        "verified": verify_runs(url, checks, parallel=2),
    }
