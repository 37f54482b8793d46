"""The version of the `novavms` package (read by the build as well)."""

__version__ = "1.0.0"
