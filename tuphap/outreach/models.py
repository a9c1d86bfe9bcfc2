"""The outreach app's records, area by area (Django loads ``outreach.models``). Code imports a model
from its area."""

from __future__ import annotations
