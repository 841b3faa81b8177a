"""`digikommun open311 …`: Open311 API keys.

digikommun open311 key create NAME [--per-minute N]   # prints the key on its last line
digikommun open311 key revoke NAME
digikommun open311 key list
"""

from __future__ import annotations

import argparse

from digikommun.common.secrets_cli import secret_print_once


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digikommun open311")
    sub = parser.add_subparsers(dest="what", required=True)
    key = sub.add_parser("key", help="API keys for Open311 clients")
    actions = key.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="issue a key (shown once, on the last line)")
    create.add_argument("name")
    create.add_argument("--per-minute", type=int, default=60, help="requests a minute (60)")
    revoke = actions.add_parser("revoke", help="revoke a key by its name")
    revoke.add_argument("name")
    actions.add_parser("list", help="the keys, without the keys themselves")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from .keys import KeyExists, api_key_create, api_key_revoke
    from .models import ApiKey

    if args.action == "create":
        if args.per_minute < 1:
            print("--per-minute must be at least 1")
            return 2
        try:
            key, raw = api_key_create(name=args.name, per_minute=args.per_minute)
        except KeyExists:
            print(f"a key named {args.name!r} exists already; revoke it or choose another name")
            return 1
        secret_print_once(
            created=f"Created the Open311 API key {key.name!r} ({key.per_minute} requests a minute).",
            secret=raw,
        )
        return 0
    if args.action == "revoke":
        if api_key_revoke(name=args.name):
            print(f"Revoked the key {args.name!r}.")
            return 0
        print(f"no valid key named {args.name!r}")
        return 1
    for key in ApiKey.objects.order_by("name"):
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "valid"
        used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
        print(f"{key.name}\t{key.prefix}…\t{state}\tlast used {used}\t{key.per_minute}/min")
    return 0
