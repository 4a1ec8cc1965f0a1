"""`mlflow.utils.mlflow_tags`: the names of the tags MLflow's clients set on runs, for those mlflow-lite sets or
reads too (the run's name, parent, note and context, datasets' context, logged tables and images). MLflow's tags
of features mlflow-lite does not have (Databricks, projects, Docker, autologging, recipes) are left out."""

__all__ = [
    "MLFLOW_DATASET_CONTEXT",
    "MLFLOW_GIT_BRANCH",
    "MLFLOW_GIT_COMMIT",
    "MLFLOW_GIT_REPO_URL",
    "MLFLOW_LOGGED_ARTIFACTS",
    "MLFLOW_LOGGED_IMAGES",
    "MLFLOW_PARENT_RUN_ID",
    "MLFLOW_RUN_NAME",
    "MLFLOW_RUN_NOTE",
    "MLFLOW_SOURCE_NAME",
    "MLFLOW_SOURCE_TYPE",
    "MLFLOW_USER",
]

MLFLOW_RUN_NAME = "mlflow.runName"
MLFLOW_PARENT_RUN_ID = "mlflow.parentRunId"
MLFLOW_RUN_NOTE = "mlflow.note.content"  # the run's description
MLFLOW_USER = "mlflow.user"
MLFLOW_SOURCE_NAME = "mlflow.source.name"
MLFLOW_SOURCE_TYPE = "mlflow.source.type"
MLFLOW_GIT_COMMIT = "mlflow.source.git.commit"
MLFLOW_GIT_BRANCH = "mlflow.source.git.branch"
MLFLOW_GIT_REPO_URL = "mlflow.source.git.repoURL"
MLFLOW_DATASET_CONTEXT = "mlflow.data.context"  # an input tag: "training", "evaluation", ...
MLFLOW_LOGGED_ARTIFACTS = "mlflow.loggedArtifacts"  # the tables `log_table` wrote
MLFLOW_LOGGED_IMAGES = "mlflow.loggedImages"  # set when `log_image` logs a step series
