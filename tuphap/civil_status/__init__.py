"""Civil status (hộ tịch): persons, register books and registrations."""
