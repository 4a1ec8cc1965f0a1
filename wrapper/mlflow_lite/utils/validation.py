"""`mlflow.utils.validation`'s limits on what a run logs, the ones mlflow-lite checks before sending (the same on
MLflow 2.22.5 and 3.17.2). Integrations read them to cut or split what they log: Hugging Face's `MLflowCallback`
(`MAX_PARAM_VAL_LENGTH`, `MAX_PARAMS_TAGS_PER_BATCH`), Optuna's (`MAX_TAG_VAL_LENGTH`), PyTorch Lightning's."""

from .._ops.validate import (
    MAX_ENTITIES_PER_BATCH,
    MAX_EXPERIMENT_NAME_LENGTH,
    MAX_KEY_LENGTH,
    MAX_METRICS_PER_BATCH,
    MAX_PARAM_VALUE_LENGTH,
    MAX_PARAMS_TAGS_PER_BATCH,
    MAX_TAG_VALUE_LENGTH,
)

__all__ = [
    "MAX_ENTITIES_PER_BATCH",
    "MAX_ENTITY_KEY_LENGTH",
    "MAX_EXPERIMENT_NAME_LENGTH",
    "MAX_METRICS_PER_BATCH",
    "MAX_PARAMS_TAGS_PER_BATCH",
    "MAX_PARAM_VAL_LENGTH",
    "MAX_TAG_VAL_LENGTH",
]

MAX_PARAM_VAL_LENGTH = MAX_PARAM_VALUE_LENGTH
MAX_TAG_VAL_LENGTH = MAX_TAG_VALUE_LENGTH
MAX_ENTITY_KEY_LENGTH = MAX_KEY_LENGTH
