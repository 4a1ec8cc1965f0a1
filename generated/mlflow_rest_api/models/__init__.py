"""Contains all the data models used in inputs/outputs"""

from .abort_multipart_upload import AbortMultipartUpload
from .complete_multipart_upload import CompleteMultipartUpload
from .create_experiment import CreateExperiment
from .create_experiment_response import CreateExperimentResponse
from .create_model_version import CreateModelVersion
from .create_model_version_response import CreateModelVersionResponse
from .create_multipart_upload import CreateMultipartUpload
from .create_multipart_upload_response import CreateMultipartUploadResponse
from .create_registered_model import CreateRegisteredModel
from .create_registered_model_response import CreateRegisteredModelResponse
from .create_run import CreateRun
from .create_run_response import CreateRunResponse
from .dataset import Dataset
from .dataset_input import DatasetInput
from .delete_experiment import DeleteExperiment
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
from .get_experiment_by_name_response import GetExperimentByNameResponse
from .get_experiment_response import GetExperimentResponse
from .get_latest_versions import GetLatestVersions
from .get_latest_versions_response import GetLatestVersionsResponse
from .get_metric_history_bulk_interval_response import GetMetricHistoryBulkIntervalResponse
from .get_metric_history_response import GetMetricHistoryResponse
from .get_model_version_by_alias_response import GetModelVersionByAliasResponse
from .get_model_version_download_uri_response import GetModelVersionDownloadUriResponse
from .get_model_version_response import GetModelVersionResponse
from .get_registered_model_response import GetRegisteredModelResponse
from .get_run_response import GetRunResponse
from .input_tag import InputTag
from .list_artifacts_proxy_response import ListArtifactsProxyResponse
from .list_artifacts_response import ListArtifactsResponse
from .log_batch import LogBatch
from .log_inputs import LogInputs
from .log_metric import LogMetric
from .log_model import LogModel
from .log_param import LogParam
from .metric import Metric
from .metric_with_run_id import MetricWithRunId
from .model_version import ModelVersion
from .model_version_status import ModelVersionStatus
from .model_version_tag import ModelVersionTag
from .multipart_upload_credential import MultipartUploadCredential
from .multipart_upload_credential_headers import MultipartUploadCredentialHeaders
from .multipart_upload_part import MultipartUploadPart
from .param import Param
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
from .run_status import RunStatus
from .run_tag import RunTag
from .search_experiments import SearchExperiments
from .search_experiments_response import SearchExperimentsResponse
from .search_model_versions_response import SearchModelVersionsResponse
from .search_registered_models_response import SearchRegisteredModelsResponse
from .search_runs import SearchRuns
from .search_runs_response import SearchRunsResponse
from .set_experiment_tag import SetExperimentTag
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

__all__ = (
    "AbortMultipartUpload",
    "CompleteMultipartUpload",
    "CreateExperiment",
    "CreateExperimentResponse",
    "CreateModelVersion",
    "CreateModelVersionResponse",
    "CreateMultipartUpload",
    "CreateMultipartUploadResponse",
    "CreateRegisteredModel",
    "CreateRegisteredModelResponse",
    "CreateRun",
    "CreateRunResponse",
    "Dataset",
    "DatasetInput",
    "DeleteExperiment",
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
    "GetExperimentByNameResponse",
    "GetExperimentResponse",
    "GetLatestVersions",
    "GetLatestVersionsResponse",
    "GetMetricHistoryBulkIntervalResponse",
    "GetMetricHistoryResponse",
    "GetModelVersionByAliasResponse",
    "GetModelVersionDownloadUriResponse",
    "GetModelVersionResponse",
    "GetRegisteredModelResponse",
    "GetRunResponse",
    "InputTag",
    "ListArtifactsProxyResponse",
    "ListArtifactsResponse",
    "LogBatch",
    "LogInputs",
    "LogMetric",
    "LogModel",
    "LogParam",
    "Metric",
    "MetricWithRunId",
    "ModelVersion",
    "ModelVersionStatus",
    "ModelVersionTag",
    "MultipartUploadCredential",
    "MultipartUploadCredentialHeaders",
    "MultipartUploadPart",
    "Param",
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
    "RunStatus",
    "RunTag",
    "SearchExperiments",
    "SearchExperimentsResponse",
    "SearchModelVersionsResponse",
    "SearchRegisteredModelsResponse",
    "SearchRuns",
    "SearchRunsResponse",
    "SetExperimentTag",
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
