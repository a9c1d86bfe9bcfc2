"""The enforcement app's records, area by area (Django loads ``enforcement.models``).

Each area keeps its own ``models.py``; importing them here registers every model under the
``enforcement`` label. Code imports a model from its area (``enforcement.cases.models``).
"""

from __future__ import annotations

from tuphap.enforcement.administrative import models as administrative  # noqa: F401
from tuphap.enforcement.cases import models as cases  # noqa: F401
