"""Outreach: legal dissemination sessions, law reporters and propagandists, and grassroots
mediation (issue 15). The law is in ``docs/domain/outreach.md``."""
