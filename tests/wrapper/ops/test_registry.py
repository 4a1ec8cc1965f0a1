"""Model registry (issue 6): registered models, versions created from a run's artifacts, stages and aliases,
on both real servers with both clients; and the checks that refuse bad input before sending."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import unique
from either_client import Either, collect, wait

from mlflow_lite import InvalidParameterValue, ResourceDoesNotExist, TrackingClient
from mlflow_lite._ops import registry

# --- bad input (no server) -------------------------------------------------------------------------------

BAD: list[tuple[str, Callable[[TrackingClient], Any]]] = [
    ("reserved", lambda c: c.set_registered_model_alias("m", "latest", 1)),
    ("reserved", lambda c: c.set_registered_model_alias("m", "LATEST", 1)),
    ("reserved", lambda c: c.set_registered_model_alias("m", "v12", 1)),
    ("reserved", lambda c: c.get_model_version_by_alias("m", "V3")),
    ("only alphanumerics", lambda c: c.set_registered_model_alias("m", "bad alias!", 1)),
    ("only alphanumerics", lambda c: c.delete_registered_model_alias("m", "a/b")),
    ("255", lambda c: c.set_registered_model_alias("m", "a" * 256, 1)),
    ("non-empty", lambda c: c.set_registered_model_alias("m", "", 1)),
    ("positive integer", lambda c: c.get_model_version("m", "abc")),
    ("positive integer", lambda c: c.get_model_version("m", -1)),
    ("int or a string", lambda c: c.get_model_version("m", 1.5)),  # type: ignore[arg-type]
    ("int or a string", lambda c: c.delete_model_version("m", True)),
    ("unknown model stage", lambda c: c.transition_model_version_stage("m", 1, "Prod")),
    ("must be a bool", lambda c: c.transition_model_version_stage("m", 1, "Staging", "yes")),  # type: ignore[arg-type]
    ("unknown model stage", lambda c: c.get_latest_versions("m", ["Nope"])),
    ("5000", lambda c: c.set_registered_model_tag("m", "k", "x" * 5001)),
    ("5000", lambda c: c.set_model_version_tag("m", 1, "k", "x" * 5001)),
    ("250", lambda c: c.set_registered_model_tag("m", "k" * 251, "v")),
    ("invalid registry tag key", lambda c: c.delete_model_version_tag("m", 1, "bad key!")),
    ("5000", lambda c: c.create_registered_model("m", tags={"k": "x" * 5001})),
    ("non-empty", lambda c: c.create_registered_model("")),
    ("non-empty", lambda c: c.rename_registered_model("m", "")),
    ("source", lambda c: c.create_model_version("m", "")),
]


@pytest.fixture
def offline() -> Iterator[TrackingClient]:
    """Any request from this client would be a TransportError, so InvalidParameterValue means none was sent."""
    with TrackingClient("http://127.0.0.1:9", max_retries=0, retry_budget=2) as client:
        yield client


@pytest.mark.parametrize(("what", "bad"), BAD)
def test_bad_registry_input_is_refused_before_sending(
    offline: TrackingClient, what: str, bad: Callable[[TrackingClient], Any]
) -> None:
    with pytest.raises(InvalidParameterValue, match=what) as caught:
        bad(offline)
    assert caught.value.status_code is None


@pytest.mark.parametrize(("version", "wire"), [(1, "1"), ("2", "2"), (" 3 ", "3"), ("007", "7")])
def test_versions_go_out_as_strings(version: object, wire: str) -> None:
    assert registry.model_version(version) == wire


@pytest.mark.parametrize("alias", ["champion", "v1a", "my-alias_2", "a" * 255, "latest2"])
def test_good_aliases_pass(alias: str) -> None:
    assert registry.alias_name(alias) == alias


# --- real servers, both clients --------------------------------------------------------------------------


async def _run_with_model(either: Either) -> str:
    """A finished run with a `model/` folder among its artifacts."""
    run = await wait(either.start_run(unique("registry")))
    await wait(run.log_text("flavors: {}\n", "model/MLmodel"))
    await wait(run.log_dict({"w": [1, 2]}, "model/weights.json"))
    await wait(run.end())
    return str(run.run_id)


@pytest.mark.anyio
@pytest.mark.contract
async def test_registered_model_lifecycle(either: Either) -> None:
    name = unique("model")
    created = await wait(either.create_registered_model(name, tags={"team": "a", "n": 1}, description="first"))
    assert created.name == name
    assert created.description == "first"
    assert created.tags == {"n": "1", "team": "a"}
    assert created.latest_versions == []  # absent on the wire: an empty list here, never UNSET
    assert created.aliases == {}

    await wait(either.set_registered_model_tag(name, "stage", "dev"))
    await wait(either.delete_registered_model_tag(name, "team"))
    updated = await wait(either.update_registered_model(name, "second"))
    assert updated.description == "second"
    got = await wait(either.get_registered_model(name))
    assert got.tags == {"n": "1", "stage": "dev"}

    found = await collect(either.search_registered_models(f"name = '{name}'"))
    assert [m.name for m in found] == [name]
    renamed = await wait(either.rename_registered_model(name, name + "-renamed"))
    assert renamed.name == name + "-renamed"
    with pytest.raises(ResourceDoesNotExist):
        await wait(either.get_registered_model(name))
    await wait(either.delete_registered_model(name + "-renamed"))
    with pytest.raises(ResourceDoesNotExist):
        await wait(either.get_registered_model(name + "-renamed"))


@pytest.mark.anyio
@pytest.mark.contract
async def test_versions_from_a_run_stages_and_aliases(either: Either) -> None:
    run_id = await _run_with_model(either)
    run = await wait(either.get_run(run_id))
    name = unique("model")
    await wait(either.create_registered_model(name))

    v1 = await wait(
        either.create_model_version(
            name, f"runs:/{run_id}/model", run_id=run_id, tags={"k": "v"}, description="from runs:/"
        )
    )
    assert (v1.version, v1.run_id, v1.description) == ("1", run_id, "from runs:/")
    # The other way MLflow's client registers a run's model: the run's artifact URI plus the path.
    v2 = await wait(either.create_model_version(name, f"{run.info.artifact_uri}/model", run_id=run_id))
    assert v2.version == "2"

    got = await wait(either.get_model_version(name, 1))  # an int goes out as "1"
    assert got.tags == {"k": "v"}
    await wait(either.set_model_version_tag(name, "1", "reviewed", True))
    await wait(either.delete_model_version_tag(name, 1, "k"))
    got = await wait(either.update_model_version(name, 1, "described"))
    assert got.description == "described"
    got = await wait(either.get_model_version(name, 1))
    assert got.tags == {"reviewed": "True"}
    uri = await wait(either.get_model_version_download_uri(name, 1))
    # 2.22.5 answers the source as registered (`runs:/...`), 3.17.2 resolves it to the run's artifact URI.
    assert uri in {f"runs:/{run_id}/model", f"{run.info.artifact_uri}/model"}

    staged = await wait(either.transition_model_version_stage(name, 1, "staging"))
    assert staged.current_stage == "Staging"
    await wait(either.transition_model_version_stage(name, 2, "Staging", archive_existing_versions=True))
    latest = await wait(either.get_latest_versions(name, ["Staging", "Archived"]))
    assert sorted((v.version, v.current_stage) for v in latest) == [("1", "Archived"), ("2", "Staging")]

    await wait(either.set_registered_model_alias(name, "champion", 2))
    by_alias = await wait(either.get_model_version_by_alias(name, "champion"))
    assert by_alias.version == "2"
    assert by_alias.aliases == ["champion"]
    assert (await wait(either.get_registered_model(name))).aliases == {"champion": "2"}
    await wait(either.delete_registered_model_alias(name, "champion"))
    with pytest.raises(InvalidParameterValue, match="champion"):  # MLflow answers 400 here, not 404
        await wait(either.get_model_version_by_alias(name, "champion"))

    versions = await collect(either.search_model_versions(f"name = '{name}'", order_by=["version_number DESC"]))
    assert [v.version for v in versions] == ["2", "1"]
    capped = await collect(either.search_model_versions(f"name = '{name}'", max_results=1))
    assert len(capped) == 1

    await wait(either.delete_model_version(name, 1))
    with pytest.raises(ResourceDoesNotExist):
        await wait(either.get_model_version(name, 1))
    await wait(either.delete_registered_model(name))


@pytest.mark.anyio
async def test_searches_follow_pages_lazily(either: Either, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "REGISTERED_MODELS_PAGE", 2)
    monkeypatch.setattr(registry, "MODEL_VERSIONS_PAGE", 2)
    prefix = unique("paged")
    for index in range(5):
        await wait(either.create_registered_model(f"{prefix}-{index}"))
    names = await collect(either.search_registered_models(f"name LIKE '{prefix}-%'", order_by=["name ASC"]))
    assert [m.name for m in names] == [f"{prefix}-{index}" for index in range(5)]
    three = await collect(either.search_registered_models(f"name LIKE '{prefix}-%'", max_results=3))
    assert len(three) == 3

    run_id = await _run_with_model(either)
    for _ in range(3):
        await wait(either.create_model_version(f"{prefix}-0", f"runs:/{run_id}/model", run_id=run_id))
    versions = await collect(either.search_model_versions(f"name = '{prefix}-0'"))
    assert sorted(str(v.version) for v in versions) == ["1", "2", "3"]
