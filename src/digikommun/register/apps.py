from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "digikommun.register"
    label = "algorithm_register"
    verbose_name = "Public register of automated decision models"

    def ready(self) -> None:
        from digikommun.catalog.services import PUBLISH_CHECKS

        from .reviews import review_refusals

        # A new version of an automated service is published only after a service owner has
        # looked at the impact simulation of exactly that draft.
        if review_refusals not in PUBLISH_CHECKS:
            PUBLISH_CHECKS.append(review_refusals)
