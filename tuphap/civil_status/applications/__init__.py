"""Applications for a registration on the case engine: received, supplemented, accepted,
registered or refused within the time limit of each event. Law: docs/domain/civil_status.md."""
