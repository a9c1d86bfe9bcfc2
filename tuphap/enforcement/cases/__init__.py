"""THADS: civil judgments enforced by the enforcement offices: the judgments and requests, the
cases on the case engine, their parties, obligations and money movements, the offices' targets,
the import of paper registers and the national generator. Law: docs/domain/enforcement.md §1–7,
docs/domain/enforcement-import.md."""
