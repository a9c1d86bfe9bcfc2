"""Loading the administrative units and the 2025 crosswalk from the installed packages.

``sources`` reads the package data into plain records (no database); ``load`` writes them.
"""

from __future__ import annotations

from tuphap.places.loaders.load import LoadResult, administrative_units_load
from tuphap.places.loaders.sources import Dataset, SourceError, read_packages

__all__ = ["Dataset", "LoadResult", "SourceError", "administrative_units_load", "read_packages"]
