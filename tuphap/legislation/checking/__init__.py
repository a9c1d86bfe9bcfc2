"""The checking of promulgated documents and the review tasks a changed document calls for
(it hooks into documents.services.CHANGE_HOOKS at ready()).
Law: docs/domain/legislation.md §9–10."""
