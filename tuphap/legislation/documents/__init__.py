"""Legal documents: the documents and their versions, the provision tree, validity and the
relations between documents, and the detailing obligations a law's delegation clauses create and
a detailing document closes. Law: docs/domain/legislation.md §1–7."""
