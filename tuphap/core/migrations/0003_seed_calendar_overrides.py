"""Seed the calendar changes from the shipped table (core/data/calendar_overrides.csv).

Rows already present (edited in the admin) are left as they are."""

from django.db import migrations


def seed(apps, schema_editor):
    from tuphap.core.calendar import read_overrides_file

    CalendarOverride = apps.get_model("core", "CalendarOverride")
    for row in read_overrides_file():
        CalendarOverride.objects.get_or_create(
            date=row.date,
            defaults={"kind": row.kind, "reason": row.reason, "source": row.source},
        )


def unseed(apps, schema_editor):
    from tuphap.core.calendar import read_overrides_file

    CalendarOverride = apps.get_model("core", "CalendarOverride")
    CalendarOverride.objects.filter(date__in=[row.date for row in read_overrides_file()]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_add_calendar_override")]

    operations = [migrations.RunPython(seed, unseed)]
