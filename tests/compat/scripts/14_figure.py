"""log_figure with a matplotlib figure, as PNG and as SVG."""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

matplotlib.rcParams["svg.hashsalt"] = "mlflow-lite compat"

import mlflow  # noqa: E402 - after choosing matplotlib's backend, as scripts do

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-figures")
figure, axes = plt.subplots(figsize=(3, 2), dpi=50)
axes.plot([0, 1, 2, 3], [1, 0.5, 0.3, 0.2])
with mlflow.start_run(run_name="figures"):
    mlflow.log_figure(figure, "plots/loss.png")
    mlflow.log_figure(figure, "plots/loss.svg", save_kwargs={"metadata": {"Date": None}})
