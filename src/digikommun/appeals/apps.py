from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "digikommun.appeals"
    label = "appeals"
    verbose_name = "Reconsideration and appeals"

    def ready(self) -> None:
        from digikommun.portal import case_sections

        # Mina sidor: ask for a person, appeal, and follow both, under the decision.
        case_sections.register("appeals/_resident_case.html", order=50)
