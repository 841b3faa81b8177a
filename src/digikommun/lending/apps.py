from django.apps import AppConfig


class LendingConfig(AppConfig):
    name = "digikommun.lending"
    label = "lending"
    verbose_name = "Lending"

    def ready(self) -> None:
        # Lending depends on cases, not the reverse: it subscribes to "a decision was
        # recorded" (and courses' "a booking was cancelled"), gives the catalog the parser of the `lending` section, the process clock
        # its timers and Mina sidor its section.
        from digikommun.cases import signals
        from digikommun.catalog.definition import section_parser_register
        from digikommun.courses import signals as course_signals
        from digikommun.portal import my_pages_sections
        from digikommun.process.scheduler import TIMER_HANDLERS

        from . import receivers, timers
        from .schema import parse_lending

        section_parser_register("lending", parse_lending)
        signals.decision_recorded.connect(receivers.on_decision_recorded, dispatch_uid="lending")
        course_signals.booking_cancelled.connect(
            receivers.on_booking_cancelled, dispatch_uid="lending"
        )
        TIMER_HANDLERS[timers.OFFER_DEADLINE] = timers.on_offer_deadline
        TIMER_HANDLERS[timers.REMINDER] = timers.on_reminder
        TIMER_HANDLERS[timers.OVERDUE] = timers.on_overdue
        my_pages_sections.register("lending/_my_pages_section.html", order=20)
