"""Inspections (thanh tra, kiểm tra): the annual plan, each inspection's decision, team,
subjects, scope, on-site period, report, conclusion and recommendations followed up until
implemented or closed; post-inspection audits; the inter-sectoral inspections of the
enforcement of the law on administrative violations with their sampled decisions checked. The
law is in ``docs/domain/inspections.md``."""
