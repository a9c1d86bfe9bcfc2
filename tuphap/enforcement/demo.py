"""The enforcement app's demo steps, area by area (``load_demo`` autodiscovers this module; each
area's ``demo`` registers its steps with their order)."""

from __future__ import annotations

from tuphap.enforcement.administrative import demo as administrative  # noqa: F401
from tuphap.enforcement.cases import demo as cases  # noqa: F401
