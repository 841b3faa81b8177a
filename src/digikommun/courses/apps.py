from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "digikommun.courses"
    label = "courses"
    verbose_name = "Digital-skills courses"
    default_auto_field = "django.db.models.BigAutoField"
