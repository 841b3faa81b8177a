"""`digikommun manage drafts_purge`: remove unsent applications past their expiry date.

Run it daily (cron, or a scheduled task of the process engine): each service definition
says how long a draft is kept after its last change (`drafts: expire_after_days`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from digikommun.portal.services import drafts_purge_expired


class Command(BaseCommand):
    help = "Remove unsent applications (drafts) past their expiry date, with their files."

    def handle(self, *args, **options) -> None:
        removed = drafts_purge_expired()
        self.stdout.write(f"{removed} expired drafts removed")
