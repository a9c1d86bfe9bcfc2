"""The law-making programme: the yearly programme, the proposals, the drafts on the case engine
and their appraisal. Law: docs/domain/legislation.md §8."""
