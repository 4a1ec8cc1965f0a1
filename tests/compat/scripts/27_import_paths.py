"""MLflow's import paths, used as the integrations use them: a run made with `MlflowClient.create_run` and the
context tags of `resolve_tags` (PyTorch Lightning's logger), params cut and split by `mlflow.utils.validation`'s
limits read as attributes after `import mlflow` (Hugging Face's and Optuna's callbacks), the tag names of
`mlflow.utils.mlflow_tags`, and `RestException` for a run that does not exist (Ray's utilities)."""

import os

import mlflow
from mlflow.client import MlflowClient as ClientOfMlflowClient
from mlflow.entities import Metric, Param
from mlflow.entities.run_status import RunStatus
from mlflow.entities.run_tag import RunTag
from mlflow.entities.view_type import ViewType
from mlflow.exceptions import MlflowException, RestException
from mlflow.store.entities import PagedList
from mlflow.tracking import MlflowClient
from mlflow.tracking.client import MlflowClient as ClientOfTrackingClient
from mlflow.tracking.context.registry import resolve_tags
from mlflow.tracking.fluent import ActiveRun, start_run
from mlflow.utils.mlflow_tags import MLFLOW_PARENT_RUN_ID, MLFLOW_RUN_NAME, MLFLOW_USER

prefix = os.environ["COMPAT_PREFIX"]
print("same client class:", MlflowClient is ClientOfMlflowClient is ClientOfTrackingClient is mlflow.MlflowClient)

# PyTorch Lightning's MLFlowLogger: the experiment, then a run with the context tags and its name as a tag.
client = MlflowClient(os.environ["MLFLOW_TRACKING_URI"])
experiment_id = client.create_experiment(prefix + "-lightning")
run = client.create_run(experiment_id=experiment_id, tags=resolve_tags({MLFLOW_RUN_NAME: "lightning", "k": "v"}))
print("resolved tags:", sorted(key for key in resolve_tags() if not key.startswith("mlflow.source.git")))
limit = mlflow.utils.validation.MAX_PARAM_VAL_LENGTH
params = [Param(key=f"p{i}", value=("x" * (limit + 5))[:limit]) for i in range(3)]
client.log_batch(run_id=run.info.run_id, params=params)
client.log_batch(run.info.run_id, metrics=[Metric(key="loss", value=0.5, timestamp=1_000, step=i) for i in range(3)])
client.log_batch(run.info.run_id, tags=[RunTag("stage", "fit")])
client.set_terminated(run.info.run_id, "FINISHED")
finished = client.get_run(run.info.run_id)
print("status:", finished.info.status == RunStatus.to_string(RunStatus.FINISHED), finished.info.run_name)
print("user tag set:", bool(finished.data.tags.get(MLFLOW_USER)))

# Hugging Face's MLflowCallback: params split in batches of MAX_PARAMS_TAGS_PER_BATCH, over-long ones dropped.
mlflow.set_experiment(prefix + "-callbacks")
per_batch = mlflow.utils.validation.MAX_PARAMS_TAGS_PER_BATCH
combined = {f"arg{i}": i for i in range(per_batch + 20)}
combined["too_long"] = "y" * (mlflow.utils.validation.MAX_PARAM_VAL_LENGTH + 1)
combined = {k: v for k, v in combined.items() if len(str(v)) <= mlflow.utils.validation.MAX_PARAM_VAL_LENGTH}
items = list(combined.items())
with start_run(run_name="hf") as parent:
    print("fluent run class:", isinstance(parent, ActiveRun))
    for i in range(0, len(items), per_batch):
        mlflow.log_params(dict(items[i : i + per_batch]))
    # Optuna's MLflowCallback: tag values cut to MAX_TAG_VAL_LENGTH, a nested run per trial.
    with mlflow.start_run(run_name="trial-0", nested=True) as child:
        cap = mlflow.utils.validation.MAX_TAG_VAL_LENGTH
        mlflow.set_tags({"long": ("z" * (cap + 10))[: cap - 3] + "...", "number": "0"})
        mlflow.log_metrics({"value": 1.25})
    print("parent tag:", mlflow.get_run(child.info.run_id).data.tags[MLFLOW_PARENT_RUN_ID] == parent.info.run_id)

# Ray's utilities: a run that does not exist is an MlflowException, and the server's refusal a RestException.
try:
    client.get_run("0" * 32)
except RestException as exc:
    print("RestException:", isinstance(exc, MlflowException))
page = client.search_runs([experiment_id], run_view_type=ViewType.ACTIVE_ONLY)
print("page:", isinstance(page, PagedList), len(page))
