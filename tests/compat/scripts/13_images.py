"""log_image from numpy arrays (integers, floats, grayscale) and a PIL image, and an image series by key."""

import os

import mlflow
import numpy as np
from PIL import Image

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-images")
rng = np.random.default_rng(7)
with mlflow.start_run(run_name="images"):
    mlflow.log_image(rng.integers(0, 256, size=(32, 48, 3), dtype=np.uint8), "rgb.png")
    mlflow.log_image(rng.random((20, 20)), "gray_float.png")
    mlflow.log_image(rng.random((10, 10, 1)) > 0.5, "mask.png")
    mlflow.log_image(Image.new("RGB", (16, 8), (200, 30, 90)), "pil/solid.png")
    for step in range(3):
        mlflow.log_image(np.full((300, 200, 3), step * 40, dtype=np.uint8), key="samples", step=step, timestamp=1_000)
