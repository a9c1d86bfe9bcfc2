"""The civil status register itself: persons and their versions, the register books and their
gapless numbers, the registrations (birth, death, marriage, guardianship, recorded events and
changes), their amendments, and the personal identification numbers the population database
issues. Law: docs/domain/civil_status.md."""
