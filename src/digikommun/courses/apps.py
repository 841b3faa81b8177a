from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "digikommun.courses"
    label = "courses"
    verbose_name = "Digital-skills courses"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The process clock fires the reminder timers (courses/reminders.py).
        from digikommun.process.scheduler import TIMER_HANDLERS

        from . import reminders

        TIMER_HANDLERS[reminders.REMINDER] = reminders.on_reminder
