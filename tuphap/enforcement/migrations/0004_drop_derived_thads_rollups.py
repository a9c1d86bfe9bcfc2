"""The THADS figures that are now derived at report time (ADR 0020) are no longer stored: their
rollup rows and coverage marks are removed. Nothing is lost: every one of them is computed from
the stored flows and month-end stocks, and the refresh can rebuild any rollup from the
register. Going back re-creates nothing; run ``manage.py rollup_refresh`` after a downgrade."""

from django.db import migrations

NAMES = ("carried_in", "accepted", "to_enforce", "with_conditions", "done")
CODES = [
    f"{prefix}.{unit}.{name}"
    for prefix in ("thads", "thads.recovery")
    for unit in ("cases", "money")
    for name in NAMES
]


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("statistics", "Rollup").objects.filter(indicator__in=CODES).delete()
    apps.get_model("statistics", "RollupCoverage").objects.filter(indicator__in=CODES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0003_party_pin_index"),
        ("statistics", "0007_review_versions"),
    ]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
