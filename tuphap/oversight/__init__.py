"""Oversight: citizen reception and letters, complaints, denunciations (issue 13), state
compensation and inspections (issue 14). The law is in ``docs/domain/oversight.md`` and
``docs/domain/compensation.md`` / ``docs/domain/inspections.md``."""
