"""The version of mlflow-lite: the package metadata and the User-Agent read it from here."""

__all__ = ["__version__"]

__version__ = "0.1.0"
