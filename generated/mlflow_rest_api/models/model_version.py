from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_version_status import ModelVersionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_metric import ModelMetric
    from ..models.model_param import ModelParam
    from ..models.model_version_deployment_job_state import ModelVersionDeploymentJobState
    from ..models.model_version_tag import ModelVersionTag


T = TypeVar("T", bound="ModelVersion")


@_attrs_define
class ModelVersion:
    """A version of a registered model.

    Attributes:
        name (str):
        version (str): The version number as a string, e.g. "1".
        creation_timestamp (int): Epoch milliseconds.
        last_updated_timestamp (int): Epoch milliseconds.
        current_stage (str): "None", "Staging", "Production" or "Archived".
        source (str):
        status (ModelVersionStatus): Registration status of a model version.
        user_id (str | Unset):
        description (str | Unset):
        run_id (str | Unset):
        status_message (str | Unset):
        tags (list[ModelVersionTag] | Unset):
        run_link (str | Unset):
        aliases (list[str] | Unset):
        model_id (str | Unset): The logged model the version was registered from. MLflow 3.0 and later; the open-source
            server (3.17.2) never sends it (it stores it: the version's source is `models:/<model_id>`), Databricks does.
        model_params (list[ModelParam] | Unset): The params of that logged model. MLflow 3.0 and later; only Databricks
            sends them.
        model_metrics (list[ModelMetric] | Unset): The metrics of that logged model. MLflow 3.0 and later; only
            Databricks sends them.
        deployment_job_state (ModelVersionDeploymentJobState | Unset): Where a model version's deployment job stands
            (Databricks deployment jobs).
    """

    name: str
    version: str
    creation_timestamp: int
    last_updated_timestamp: int
    current_stage: str
    source: str
    status: ModelVersionStatus
    user_id: str | Unset = UNSET
    description: str | Unset = UNSET
    run_id: str | Unset = UNSET
    status_message: str | Unset = UNSET
    tags: list[ModelVersionTag] | Unset = UNSET
    run_link: str | Unset = UNSET
    aliases: list[str] | Unset = UNSET
    model_id: str | Unset = UNSET
    model_params: list[ModelParam] | Unset = UNSET
    model_metrics: list[ModelMetric] | Unset = UNSET
    deployment_job_state: ModelVersionDeploymentJobState | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        version = self.version

        creation_timestamp = self.creation_timestamp

        last_updated_timestamp = self.last_updated_timestamp

        current_stage = self.current_stage

        source = self.source

        status = self.status.value

        user_id = self.user_id

        description = self.description

        run_id = self.run_id

        status_message = self.status_message

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        run_link = self.run_link

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        model_id = self.model_id

        model_params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.model_params, Unset):
            model_params = []
            for model_params_item_data in self.model_params:
                model_params_item = model_params_item_data.to_dict()
                model_params.append(model_params_item)

        model_metrics: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.model_metrics, Unset):
            model_metrics = []
            for model_metrics_item_data in self.model_metrics:
                model_metrics_item = model_metrics_item_data.to_dict()
                model_metrics.append(model_metrics_item)

        deployment_job_state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deployment_job_state, Unset):
            deployment_job_state = self.deployment_job_state.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "version": version,
                "creation_timestamp": creation_timestamp,
                "last_updated_timestamp": last_updated_timestamp,
                "current_stage": current_stage,
                "source": source,
                "status": status,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if description is not UNSET:
            field_dict["description"] = description
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if status_message is not UNSET:
            field_dict["status_message"] = status_message
        if tags is not UNSET:
            field_dict["tags"] = tags
        if run_link is not UNSET:
            field_dict["run_link"] = run_link
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if model_id is not UNSET:
            field_dict["model_id"] = model_id
        if model_params is not UNSET:
            field_dict["model_params"] = model_params
        if model_metrics is not UNSET:
            field_dict["model_metrics"] = model_metrics
        if deployment_job_state is not UNSET:
            field_dict["deployment_job_state"] = deployment_job_state

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_metric import ModelMetric
        from ..models.model_param import ModelParam
        from ..models.model_version_deployment_job_state import ModelVersionDeploymentJobState
        from ..models.model_version_tag import ModelVersionTag

        d = dict(src_dict)
        name = d.pop("name")

        version = d.pop("version")

        creation_timestamp = d.pop("creation_timestamp")

        last_updated_timestamp = d.pop("last_updated_timestamp")

        current_stage = d.pop("current_stage")

        source = d.pop("source")

        status = ModelVersionStatus(d.pop("status"))

        user_id = d.pop("user_id", UNSET)

        description = d.pop("description", UNSET)

        run_id = d.pop("run_id", UNSET)

        status_message = d.pop("status_message", UNSET)

        _tags = d.pop("tags", UNSET)
        tags: list[ModelVersionTag] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = ModelVersionTag.from_dict(tags_item_data)

                tags.append(tags_item)

        run_link = d.pop("run_link", UNSET)

        aliases = cast(list[str], d.pop("aliases", UNSET))

        model_id = d.pop("model_id", UNSET)

        _model_params = d.pop("model_params", UNSET)
        model_params: list[ModelParam] | Unset = UNSET
        if _model_params is not UNSET:
            model_params = []
            for model_params_item_data in _model_params:
                model_params_item = ModelParam.from_dict(model_params_item_data)

                model_params.append(model_params_item)

        _model_metrics = d.pop("model_metrics", UNSET)
        model_metrics: list[ModelMetric] | Unset = UNSET
        if _model_metrics is not UNSET:
            model_metrics = []
            for model_metrics_item_data in _model_metrics:
                model_metrics_item = ModelMetric.from_dict(model_metrics_item_data)

                model_metrics.append(model_metrics_item)

        _deployment_job_state = d.pop("deployment_job_state", UNSET)
        deployment_job_state: ModelVersionDeploymentJobState | Unset
        if isinstance(_deployment_job_state, Unset):
            deployment_job_state = UNSET
        else:
            deployment_job_state = ModelVersionDeploymentJobState.from_dict(_deployment_job_state)

        model_version = cls(
            name=name,
            version=version,
            creation_timestamp=creation_timestamp,
            last_updated_timestamp=last_updated_timestamp,
            current_stage=current_stage,
            source=source,
            status=status,
            user_id=user_id,
            description=description,
            run_id=run_id,
            status_message=status_message,
            tags=tags,
            run_link=run_link,
            aliases=aliases,
            model_id=model_id,
            model_params=model_params,
            model_metrics=model_metrics,
            deployment_job_state=deployment_job_state,
        )

        model_version.additional_properties = d
        return model_version

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
