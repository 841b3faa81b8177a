from django.apps import AppConfig


class CosigningConfig(AppConfig):
    name = "digikommun.cosigning"
    label = "cosigning"
    verbose_name = "Co-signing"

    def ready(self) -> None:
        # Cases publish "a case was submitted"; co-signing holds it until all have signed.
        from digikommun.cases.services import SUBMIT_HOLDS
        from digikommun.catalog.definition import section_parser_register
        from digikommun.notify.services import PARTY_SOURCES
        from digikommun.portal import case_sections, my_pages_sections
        from digikommun.portal.services import STEP_CHECKS
        from digikommun.process.scheduler import TIMER_HANDLERS

        from . import services
        from .schema import parse_cosigning

        section_parser_register("cosigning", parse_cosigning)

        if services.cosigning_hold not in SUBMIT_HOLDS:
            SUBMIT_HOLDS.append(services.cosigning_hold)
        if services.self_named_errors not in STEP_CHECKS:
            STEP_CHECKS.append(services.self_named_errors)
        PARTY_SOURCES["cosigners"] = services.cosigner_user_ids
        TIMER_HANDLERS["cosigning_deadline"] = services.cosigning_timer_deadline
        TIMER_HANDLERS["cosigning_reminder"] = services.cosigning_timer_reminder
        case_sections.register("cosigning/_case_section.html", order=10)
        my_pages_sections.register("cosigning/_my_pages_section.html", order=10)
