"""THAHC: the follow-up of administrative judgments, which the losing body complies with itself
while the enforcement office watches, reminds and reports. Builds on the cases area. Law:
docs/domain/enforcement.md §8."""
