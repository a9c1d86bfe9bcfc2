"""The legislation app's records, area by area (Django loads ``legislation.models``).

Each area keeps its own ``models.py``; importing them here registers every model under the
``legislation`` label. Code imports a model from its area (``legislation.documents.models``).
"""

from __future__ import annotations

from tuphap.legislation.checking import models as checking  # noqa: F401
from tuphap.legislation.documents import models as documents  # noqa: F401
from tuphap.legislation.programme import models as programme  # noqa: F401
