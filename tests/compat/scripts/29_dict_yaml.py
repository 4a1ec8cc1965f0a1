"""log_dict to YAML files: the characters MLflow's PyYAML call writes for what a config holds (quotes, numbers and
words YAML would misread, unicode, long and multi-line strings, empty and nested containers, odd keys)."""

import os

import mlflow

config = {
    "lr": 0.01,
    "epochs": 10,
    "schedule": [{"step": 100, "factor": 0.5}, {"step": 200, "factor": 0.1}],
    "model": {"name": "resnet-50", "layers": [64, 128, 256], "dropout": None, "pretrained": True},
    "misread": ["yes", "no", "on", "null", "~", "1.0", "0x1F", "2024-01-02", "12:30", "1e5", ""],
    "quoting": ["it's", 'say "hi"', "a: b", "#tag", "- item", " padded ", "[list]", "{map}", "*star", "&amp"],
    "unicode": "naïve café ✓ 😀",
    "prompt": "You are a helpful assistant.\nAnswer briefly.\n\nBe kind.\n",
    "long": " ".join(["a fairly long sentence that folds"] * 5),
    "floats": [1e-07, 1e17, float("inf"), float("-inf"), -0.0, 123456.789],
    "empty": {"list": [], "map": {}},
    "matrix": [[1, 2], [3, 4]],
    "keys": {"": "empty key", "with space": 1, "k" * 130: "long key", "multi\nline": 2, "yes": "bool-like key"},
}
mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-dict-yaml")
with mlflow.start_run(run_name="yaml"):
    mlflow.log_dict(config, "config.yaml")
    mlflow.log_dict({"b": [1, {"c": "d"}], "a": "x"}, "nested/small.yml")
    mlflow.log_dict(config, "config.json")
print("logged", sorted(config))
