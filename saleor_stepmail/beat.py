"""Putting the tick on whichever Celery beat schedule the host runs.

Saleor runs beat with its own database scheduler (saleor.schedulers), which reads periodic
tasks from its CustomPeriodicTask table; a plugin cannot edit Saleor's settings, so after
`migrate` the app writes its own row there (django-celery-beat's PeriodicTask table for other
hosts with a database scheduler). A host with a plain settings schedule adds `beat_schedule()`.
"""

from datetime import timedelta

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

from .conf import stepmail_settings
from .tasks import TICK_TASK

TICK_ENTRY = "saleor_stepmail.tick"
DATABASE_SCHEDULERS = (
    ("saleor.schedulers", "schedulers", "CustomPeriodicTask"),
    ("django_celery_beat", "django_celery_beat", "PeriodicTask"),
)


def beat_schedule() -> dict:
    """The entry for CELERY_BEAT_SCHEDULE; a missed tick expires instead of piling up."""
    seconds = stepmail_settings().tick_seconds
    return {
        TICK_ENTRY: {
            "task": TICK_TASK,
            "schedule": timedelta(seconds=seconds),
            "options": {"expires": seconds},
        }
    }


def periodic_task_model():
    for app_name, label, model in DATABASE_SCHEDULERS:
        if apps.is_installed(app_name):
            return apps.get_model(label, model)
    return None


def install_database_schedule(**kwargs) -> str | None:
    """Create or update the tick's row in the host's beat table; returns the model's label.

    An operator who disabled the row keeps it disabled: only the task and interval are updated.
    """
    model = periodic_task_model()
    if model is None:
        return None
    from django_celery_beat.models import IntervalSchedule

    seconds = stepmail_settings().tick_seconds
    interval, _ = IntervalSchedule.objects.get_or_create(
        every=seconds, period=IntervalSchedule.SECONDS
    )
    model.objects.update_or_create(
        name=TICK_ENTRY,
        defaults={"task": TICK_TASK, "interval": interval, "expire_seconds": seconds},
    )
    return model._meta.label


def connect(app_config: AppConfig) -> None:
    post_migrate.connect(
        install_database_schedule, sender=app_config, dispatch_uid="saleor_stepmail.beat"
    )
