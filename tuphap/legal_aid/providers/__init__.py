"""The providers of legal aid: participating organisations and the performers who carry out
the cases, with their cards, contracts and validity (docs/domain/legal-aid.md §5)."""
