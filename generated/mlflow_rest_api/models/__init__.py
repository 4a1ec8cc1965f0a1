"""Contains all the data models used in inputs/outputs.

Each model's module is imported when the model is first used (PEP 562), so that importing one model, or an
endpoint module, does not load all of them. (mlflow-lite's template; the generator's own imports them all.)
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .abort_multipart_upload import AbortMultipartUpload
    from .complete_multipart_upload import CompleteMultipartUpload
    from .create_experiment import CreateExperiment
    from .create_experiment_response import CreateExperimentResponse
    from .create_logged_model import CreateLoggedModel
    from .create_model_version import CreateModelVersion
    from .create_model_version_response import CreateModelVersionResponse
    from .create_multipart_upload import CreateMultipartUpload
    from .create_multipart_upload_response import CreateMultipartUploadResponse
    from .create_presigned_download_url import CreatePresignedDownloadUrl
    from .create_presigned_download_url_response import CreatePresignedDownloadUrlResponse
    from .create_presigned_upload_url import CreatePresignedUploadUrl
    from .create_presigned_upload_url_response import CreatePresignedUploadUrlResponse
    from .create_registered_model import CreateRegisteredModel
    from .create_registered_model_response import CreateRegisteredModelResponse
    from .create_run import CreateRun
    from .create_run_response import CreateRunResponse
    from .dataset import Dataset
    from .dataset_input import DatasetInput
    from .delete_experiment import DeleteExperiment
    from .delete_experiment_tag import DeleteExperimentTag
    from .delete_model_version import DeleteModelVersion
    from .delete_model_version_tag import DeleteModelVersionTag
    from .delete_registered_model import DeleteRegisteredModel
    from .delete_registered_model_alias import DeleteRegisteredModelAlias
    from .delete_registered_model_tag import DeleteRegisteredModelTag
    from .delete_run import DeleteRun
    from .delete_tag import DeleteTag
    from .empty_response import EmptyResponse
    from .error_response import ErrorResponse
    from .experiment import Experiment
    from .experiment_tag import ExperimentTag
    from .file_info import FileInfo
    from .finalize_logged_model import FinalizeLoggedModel
    from .get_experiment_by_name_response import GetExperimentByNameResponse
    from .get_experiment_response import GetExperimentResponse
    from .get_latest_versions import GetLatestVersions
    from .get_latest_versions_response import GetLatestVersionsResponse
    from .get_metric_history_bulk_interval_response import GetMetricHistoryBulkIntervalResponse
    from .get_metric_history_response import GetMetricHistoryResponse
    from .get_model_version_by_alias_response import GetModelVersionByAliasResponse
    from .get_model_version_download_uri_response import GetModelVersionDownloadUriResponse
    from .get_model_version_response import GetModelVersionResponse
    from .get_presigned_download_url_response import GetPresignedDownloadUrlResponse
    from .get_registered_model_response import GetRegisteredModelResponse
    from .get_run_response import GetRunResponse
    from .input_tag import InputTag
    from .list_artifacts_proxy_response import ListArtifactsProxyResponse
    from .list_artifacts_response import ListArtifactsResponse
    from .list_logged_model_artifacts_response import ListLoggedModelArtifactsResponse
    from .log_batch import LogBatch
    from .log_inputs import LogInputs
    from .log_logged_model_params import LogLoggedModelParams
    from .log_metric import LogMetric
    from .log_model import LogModel
    from .log_outputs import LogOutputs
    from .log_param import LogParam
    from .logged_model import LoggedModel
    from .logged_model_data import LoggedModelData
    from .logged_model_info import LoggedModelInfo
    from .logged_model_parameter import LoggedModelParameter
    from .logged_model_registration_info import LoggedModelRegistrationInfo
    from .logged_model_response import LoggedModelResponse
    from .logged_model_status import LoggedModelStatus
    from .logged_model_tag import LoggedModelTag
    from .metric import Metric
    from .metric_with_run_id import MetricWithRunId
    from .model_input import ModelInput
    from .model_metric import ModelMetric
    from .model_output import ModelOutput
    from .model_param import ModelParam
    from .model_version import ModelVersion
    from .model_version_deployment_job_state import ModelVersionDeploymentJobState
    from .model_version_status import ModelVersionStatus
    from .model_version_tag import ModelVersionTag
    from .multipart_upload_credential import MultipartUploadCredential
    from .multipart_upload_credential_headers import MultipartUploadCredentialHeaders
    from .multipart_upload_part import MultipartUploadPart
    from .param import Param
    from .presigned_headers import PresignedHeaders
    from .registered_model import RegisteredModel
    from .registered_model_alias import RegisteredModelAlias
    from .registered_model_tag import RegisteredModelTag
    from .rename_registered_model import RenameRegisteredModel
    from .rename_registered_model_response import RenameRegisteredModelResponse
    from .restore_experiment import RestoreExperiment
    from .restore_run import RestoreRun
    from .run import Run
    from .run_data import RunData
    from .run_info import RunInfo
    from .run_inputs import RunInputs
    from .run_outputs import RunOutputs
    from .run_status import RunStatus
    from .run_tag import RunTag
    from .search_experiments import SearchExperiments
    from .search_experiments_response import SearchExperimentsResponse
    from .search_logged_models import SearchLoggedModels
    from .search_logged_models_dataset import SearchLoggedModelsDataset
    from .search_logged_models_order_by import SearchLoggedModelsOrderBy
    from .search_logged_models_response import SearchLoggedModelsResponse
    from .search_model_versions_response import SearchModelVersionsResponse
    from .search_registered_models_response import SearchRegisteredModelsResponse
    from .search_runs import SearchRuns
    from .search_runs_response import SearchRunsResponse
    from .set_experiment_tag import SetExperimentTag
    from .set_logged_model_tags import SetLoggedModelTags
    from .set_model_version_tag import SetModelVersionTag
    from .set_registered_model_alias import SetRegisteredModelAlias
    from .set_registered_model_tag import SetRegisteredModelTag
    from .set_tag import SetTag
    from .transition_model_version_stage import TransitionModelVersionStage
    from .transition_model_version_stage_response import TransitionModelVersionStageResponse
    from .update_experiment import UpdateExperiment
    from .update_model_version import UpdateModelVersion
    from .update_model_version_response import UpdateModelVersionResponse
    from .update_registered_model import UpdateRegisteredModel
    from .update_registered_model_response import UpdateRegisteredModelResponse
    from .update_run import UpdateRun
    from .update_run_response import UpdateRunResponse
    from .view_type import ViewType

# Each model, and the module that defines it.
_MODULES = {
    "AbortMultipartUpload": ".abort_multipart_upload",
    "CompleteMultipartUpload": ".complete_multipart_upload",
    "CreateExperiment": ".create_experiment",
    "CreateExperimentResponse": ".create_experiment_response",
    "CreateLoggedModel": ".create_logged_model",
    "CreateModelVersion": ".create_model_version",
    "CreateModelVersionResponse": ".create_model_version_response",
    "CreateMultipartUpload": ".create_multipart_upload",
    "CreateMultipartUploadResponse": ".create_multipart_upload_response",
    "CreatePresignedDownloadUrl": ".create_presigned_download_url",
    "CreatePresignedDownloadUrlResponse": ".create_presigned_download_url_response",
    "CreatePresignedUploadUrl": ".create_presigned_upload_url",
    "CreatePresignedUploadUrlResponse": ".create_presigned_upload_url_response",
    "CreateRegisteredModel": ".create_registered_model",
    "CreateRegisteredModelResponse": ".create_registered_model_response",
    "CreateRun": ".create_run",
    "CreateRunResponse": ".create_run_response",
    "Dataset": ".dataset",
    "DatasetInput": ".dataset_input",
    "DeleteExperiment": ".delete_experiment",
    "DeleteExperimentTag": ".delete_experiment_tag",
    "DeleteModelVersion": ".delete_model_version",
    "DeleteModelVersionTag": ".delete_model_version_tag",
    "DeleteRegisteredModel": ".delete_registered_model",
    "DeleteRegisteredModelAlias": ".delete_registered_model_alias",
    "DeleteRegisteredModelTag": ".delete_registered_model_tag",
    "DeleteRun": ".delete_run",
    "DeleteTag": ".delete_tag",
    "EmptyResponse": ".empty_response",
    "ErrorResponse": ".error_response",
    "Experiment": ".experiment",
    "ExperimentTag": ".experiment_tag",
    "FileInfo": ".file_info",
    "FinalizeLoggedModel": ".finalize_logged_model",
    "GetExperimentByNameResponse": ".get_experiment_by_name_response",
    "GetExperimentResponse": ".get_experiment_response",
    "GetLatestVersions": ".get_latest_versions",
    "GetLatestVersionsResponse": ".get_latest_versions_response",
    "GetMetricHistoryBulkIntervalResponse": ".get_metric_history_bulk_interval_response",
    "GetMetricHistoryResponse": ".get_metric_history_response",
    "GetModelVersionByAliasResponse": ".get_model_version_by_alias_response",
    "GetModelVersionDownloadUriResponse": ".get_model_version_download_uri_response",
    "GetModelVersionResponse": ".get_model_version_response",
    "GetPresignedDownloadUrlResponse": ".get_presigned_download_url_response",
    "GetRegisteredModelResponse": ".get_registered_model_response",
    "GetRunResponse": ".get_run_response",
    "InputTag": ".input_tag",
    "ListArtifactsProxyResponse": ".list_artifacts_proxy_response",
    "ListArtifactsResponse": ".list_artifacts_response",
    "ListLoggedModelArtifactsResponse": ".list_logged_model_artifacts_response",
    "LogBatch": ".log_batch",
    "LogInputs": ".log_inputs",
    "LogLoggedModelParams": ".log_logged_model_params",
    "LogMetric": ".log_metric",
    "LogModel": ".log_model",
    "LogOutputs": ".log_outputs",
    "LogParam": ".log_param",
    "LoggedModel": ".logged_model",
    "LoggedModelData": ".logged_model_data",
    "LoggedModelInfo": ".logged_model_info",
    "LoggedModelParameter": ".logged_model_parameter",
    "LoggedModelRegistrationInfo": ".logged_model_registration_info",
    "LoggedModelResponse": ".logged_model_response",
    "LoggedModelStatus": ".logged_model_status",
    "LoggedModelTag": ".logged_model_tag",
    "Metric": ".metric",
    "MetricWithRunId": ".metric_with_run_id",
    "ModelInput": ".model_input",
    "ModelMetric": ".model_metric",
    "ModelOutput": ".model_output",
    "ModelParam": ".model_param",
    "ModelVersion": ".model_version",
    "ModelVersionDeploymentJobState": ".model_version_deployment_job_state",
    "ModelVersionStatus": ".model_version_status",
    "ModelVersionTag": ".model_version_tag",
    "MultipartUploadCredential": ".multipart_upload_credential",
    "MultipartUploadCredentialHeaders": ".multipart_upload_credential_headers",
    "MultipartUploadPart": ".multipart_upload_part",
    "Param": ".param",
    "PresignedHeaders": ".presigned_headers",
    "RegisteredModel": ".registered_model",
    "RegisteredModelAlias": ".registered_model_alias",
    "RegisteredModelTag": ".registered_model_tag",
    "RenameRegisteredModel": ".rename_registered_model",
    "RenameRegisteredModelResponse": ".rename_registered_model_response",
    "RestoreExperiment": ".restore_experiment",
    "RestoreRun": ".restore_run",
    "Run": ".run",
    "RunData": ".run_data",
    "RunInfo": ".run_info",
    "RunInputs": ".run_inputs",
    "RunOutputs": ".run_outputs",
    "RunStatus": ".run_status",
    "RunTag": ".run_tag",
    "SearchExperiments": ".search_experiments",
    "SearchExperimentsResponse": ".search_experiments_response",
    "SearchLoggedModels": ".search_logged_models",
    "SearchLoggedModelsDataset": ".search_logged_models_dataset",
    "SearchLoggedModelsOrderBy": ".search_logged_models_order_by",
    "SearchLoggedModelsResponse": ".search_logged_models_response",
    "SearchModelVersionsResponse": ".search_model_versions_response",
    "SearchRegisteredModelsResponse": ".search_registered_models_response",
    "SearchRuns": ".search_runs",
    "SearchRunsResponse": ".search_runs_response",
    "SetExperimentTag": ".set_experiment_tag",
    "SetLoggedModelTags": ".set_logged_model_tags",
    "SetModelVersionTag": ".set_model_version_tag",
    "SetRegisteredModelAlias": ".set_registered_model_alias",
    "SetRegisteredModelTag": ".set_registered_model_tag",
    "SetTag": ".set_tag",
    "TransitionModelVersionStage": ".transition_model_version_stage",
    "TransitionModelVersionStageResponse": ".transition_model_version_stage_response",
    "UpdateExperiment": ".update_experiment",
    "UpdateModelVersion": ".update_model_version",
    "UpdateModelVersionResponse": ".update_model_version_response",
    "UpdateRegisteredModel": ".update_registered_model",
    "UpdateRegisteredModelResponse": ".update_registered_model_response",
    "UpdateRun": ".update_run",
    "UpdateRunResponse": ".update_run_response",
    "ViewType": ".view_type",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULES])


__all__ = (
    "AbortMultipartUpload",
    "CompleteMultipartUpload",
    "CreateExperiment",
    "CreateExperimentResponse",
    "CreateLoggedModel",
    "CreateModelVersion",
    "CreateModelVersionResponse",
    "CreateMultipartUpload",
    "CreateMultipartUploadResponse",
    "CreatePresignedDownloadUrl",
    "CreatePresignedDownloadUrlResponse",
    "CreatePresignedUploadUrl",
    "CreatePresignedUploadUrlResponse",
    "CreateRegisteredModel",
    "CreateRegisteredModelResponse",
    "CreateRun",
    "CreateRunResponse",
    "Dataset",
    "DatasetInput",
    "DeleteExperiment",
    "DeleteExperimentTag",
    "DeleteModelVersion",
    "DeleteModelVersionTag",
    "DeleteRegisteredModel",
    "DeleteRegisteredModelAlias",
    "DeleteRegisteredModelTag",
    "DeleteRun",
    "DeleteTag",
    "EmptyResponse",
    "ErrorResponse",
    "Experiment",
    "ExperimentTag",
    "FileInfo",
    "FinalizeLoggedModel",
    "GetExperimentByNameResponse",
    "GetExperimentResponse",
    "GetLatestVersions",
    "GetLatestVersionsResponse",
    "GetMetricHistoryBulkIntervalResponse",
    "GetMetricHistoryResponse",
    "GetModelVersionByAliasResponse",
    "GetModelVersionDownloadUriResponse",
    "GetModelVersionResponse",
    "GetPresignedDownloadUrlResponse",
    "GetRegisteredModelResponse",
    "GetRunResponse",
    "InputTag",
    "ListArtifactsProxyResponse",
    "ListArtifactsResponse",
    "ListLoggedModelArtifactsResponse",
    "LogBatch",
    "LogInputs",
    "LogLoggedModelParams",
    "LogMetric",
    "LogModel",
    "LogOutputs",
    "LogParam",
    "LoggedModel",
    "LoggedModelData",
    "LoggedModelInfo",
    "LoggedModelParameter",
    "LoggedModelRegistrationInfo",
    "LoggedModelResponse",
    "LoggedModelStatus",
    "LoggedModelTag",
    "Metric",
    "MetricWithRunId",
    "ModelInput",
    "ModelMetric",
    "ModelOutput",
    "ModelParam",
    "ModelVersion",
    "ModelVersionDeploymentJobState",
    "ModelVersionStatus",
    "ModelVersionTag",
    "MultipartUploadCredential",
    "MultipartUploadCredentialHeaders",
    "MultipartUploadPart",
    "Param",
    "PresignedHeaders",
    "RegisteredModel",
    "RegisteredModelAlias",
    "RegisteredModelTag",
    "RenameRegisteredModel",
    "RenameRegisteredModelResponse",
    "RestoreExperiment",
    "RestoreRun",
    "Run",
    "RunData",
    "RunInfo",
    "RunInputs",
    "RunOutputs",
    "RunStatus",
    "RunTag",
    "SearchExperiments",
    "SearchExperimentsResponse",
    "SearchLoggedModels",
    "SearchLoggedModelsDataset",
    "SearchLoggedModelsOrderBy",
    "SearchLoggedModelsResponse",
    "SearchModelVersionsResponse",
    "SearchRegisteredModelsResponse",
    "SearchRuns",
    "SearchRunsResponse",
    "SetExperimentTag",
    "SetLoggedModelTags",
    "SetModelVersionTag",
    "SetRegisteredModelAlias",
    "SetRegisteredModelTag",
    "SetTag",
    "TransitionModelVersionStage",
    "TransitionModelVersionStageResponse",
    "UpdateExperiment",
    "UpdateModelVersion",
    "UpdateModelVersionResponse",
    "UpdateRegisteredModel",
    "UpdateRegisteredModelResponse",
    "UpdateRun",
    "UpdateRunResponse",
    "ViewType",
)
