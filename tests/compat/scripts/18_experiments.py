"""Experiments: created with tags, tagged when active, looked up, deleted."""

import os

import mlflow

prefix = os.environ["COMPAT_PREFIX"]
tagged = mlflow.create_experiment(prefix + "-tagged", tags={"project": "x", "version": "2"})
mlflow.set_experiment(experiment_id=tagged)
mlflow.set_experiment_tag("stage", "dev")
mlflow.set_experiment_tags({"a": 1, "b": "two"})
print("by name:", mlflow.get_experiment_by_name(prefix + "-tagged").experiment_id == tagged)
print("tags:", sorted(mlflow.get_experiment(tagged).tags.items()))
doomed = mlflow.create_experiment(prefix + "-doomed")
mlflow.delete_experiment(doomed)
print("deleted:", mlflow.get_experiment(doomed).lifecycle_stage)
print("missing:", mlflow.get_experiment_by_name(prefix + "-never") is None)
found = mlflow.search_experiments(filter_string=f"name LIKE '{prefix}%'", order_by=["name ASC"])
print("found:", [e.name.replace(prefix, "<prefix>") for e in found])
