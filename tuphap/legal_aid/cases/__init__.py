"""Legal aid requests and cases on the case engine, with the notices of the procedural bodies
(direct legal aid in criminal proceedings). The law: docs/domain/legal-aid.md §2–§7."""
