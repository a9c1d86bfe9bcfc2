import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from tuphap.core.migration_operations import drop_index


class Migration(migrations.Migration):
    """The actor's own index: ``audit_actor_time`` (actor, time) serves every lookup by actor,
    and every audit row paid one more index write for it."""

    dependencies = [
        ('core', '0005_add_job_state'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='auditevent',
                    name='actor',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor'),
                ),
            ],
            database_operations=[
                drop_index('core_auditevent', 'actor_id', 'core_auditevent_actor_id_3bd0c673'),
            ],
        ),
    ]
