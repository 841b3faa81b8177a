from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "digikommun.transparency"
    label = "transparency"
    verbose_name = "Transparency: benefit figures and open data"

    def ready(self) -> None:
        from digikommun.portal import case_sections

        # Mina sidor: one question after the decision, under the decision and its appeals.
        case_sections.register("transparency/_survey_case.html", order=60)
