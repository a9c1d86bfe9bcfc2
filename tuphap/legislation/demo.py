"""The legislation app's demo steps, area by area (``load_demo`` autodiscovers this module; each
area's ``demo`` registers its steps with their order)."""

from __future__ import annotations

from tuphap.legislation.checking import demo as checking  # noqa: F401
from tuphap.legislation.documents import demo as documents  # noqa: F401
from tuphap.legislation.programme import demo as programme  # noqa: F401
