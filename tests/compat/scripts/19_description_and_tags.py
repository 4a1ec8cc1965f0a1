"""A run's description (its note), start tags, tags set and deleted later."""

import os

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-notes")
with mlflow.start_run(run_name="noted", description="Tried a bigger batch.", tags={"release": "1.2", "temp": "x"}):
    mlflow.set_tags({"reviewed": "no", "owner": "me"})
    mlflow.set_tag("reviewed", "yes")
    mlflow.delete_tag("temp")
print("done")
