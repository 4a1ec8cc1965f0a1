from enum import StrEnum


class ModelVersionStatus(StrEnum):
    FAILED_REGISTRATION = "FAILED_REGISTRATION"
    PENDING_REGISTRATION = "PENDING_REGISTRATION"
    READY = "READY"

    def __str__(self) -> str:
        return str(self.value)
