"""`digikommun api …`: the JSON API's clients.

digikommun api client create NAME --scope cases:read [--scope …] [--per-minute N]
digikommun api client revoke NAME
digikommun api client list
"""

from __future__ import annotations

import argparse

from digikommun.common.secrets_cli import secret_print_once

from . import scopes as api_scopes


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digikommun api")
    sub = parser.add_subparsers(dest="what", required=True)
    client = sub.add_parser("client", help="OAuth2 clients (client credentials)")
    actions = client.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="make a client; its secret is shown once")
    create.add_argument("name")
    create.add_argument(
        "--scope",
        action="append",
        required=True,
        help="ACTION or ACTION:SERVICE_ID, repeated; actions: " + ", ".join(api_scopes.ACTIONS),
    )
    create.add_argument("--per-minute", type=int, default=None, help="calls a minute")
    revoke = actions.add_parser("revoke", help="revoke a client and its tokens")
    revoke.add_argument("name")
    actions.add_parser("list", help="the clients and their scopes")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from .models import ApiClient
    from .services import ClientExists, api_client_create, api_client_revoke

    if args.action == "create":
        if args.per_minute is not None and args.per_minute < 1:
            print("--per-minute must be at least 1")
            return 2
        scopes = [s for value in args.scope for s in value.split()]
        try:
            client, client_id, secret = api_client_create(
                name=args.name, scopes=scopes, per_minute=args.per_minute
            )
        except api_scopes.BadScope as exc:
            print(f"not a scope of this API: {exc}; use ACTION or ACTION:SERVICE_ID with an")
            print("action among " + ", ".join(api_scopes.ACTIONS))
            return 2
        except ClientExists:
            print(f"a client named {args.name!r} exists already; revoke it or choose another name")
            return 1
        secret_print_once(
            created=f"Created the API client {client.name!r} with the scopes "
            f"{' '.join(client.scopes)}.",
            identifiers={"client_id": client_id},
            secret_name="client_secret",
            secret=secret,
        )
        return 0
    if args.action == "revoke":
        if api_client_revoke(name=args.name):
            print(f"Revoked the client {args.name!r} and its tokens.")
            return 0
        print(f"no valid client named {args.name!r}")
        return 1
    for client in ApiClient.objects.select_related("application").order_by("name"):
        state = f"revoked {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "valid"
        print(f"{client.name}\t{client.application.client_id}\t{state}\t{' '.join(client.scopes)}")
    return 0
