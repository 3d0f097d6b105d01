from django.apps import AppConfig


class StepMailConfig(AppConfig):
    name = "saleor_stepmail"
    label = "saleor_stepmail"
    verbose_name = "Step mail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import beat

        beat.connect(self)
