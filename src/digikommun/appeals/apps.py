from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "digikommun.appeals"
    label = "appeals"
    verbose_name = "Reconsideration and appeals"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from digikommun.portal import case_sections
        from digikommun.portal.extract import register_section

        from . import extract

        # Mina sidor: ask for a person, appeal, and follow both, under the decision.
        case_sections.register("appeals/_resident_case.html", order=50)
        register_section("appeals", _("Your requests for review and your appeals"), extract.collect)
