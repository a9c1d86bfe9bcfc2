"""Citizen reception and letters (đơn): reception sessions, the register of letters with their
senders, classification, competence, guidance, the one transfer (TT 05/2021 Art. 14), urging,
duplicates, and the Biểu 01/XLD report. The law is in ``docs/domain/oversight.md``."""
