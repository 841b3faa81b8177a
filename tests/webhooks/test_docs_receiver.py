"""The receiver shown in docs/webhooks.md runs as written and accepts a real delivery."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from digikommun.webhooks.models import Delivery, EventType
from digikommun.webhooks.services import subscription_create
from tests.conftest import run_pending_tasks
from tests.letters.factories import submitted_case
from tests.webhooks.receiver import free_port

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def test_the_documented_receiver_verifies_a_delivery(demo, capsys):
    code = re.search(r"```python\n(.*?)```", DOC.read_text("utf-8"), re.DOTALL).group(1)
    port = free_port()
    code = code.replace('HTTPServer(("", 8080), Receiver).serve_forever()', "")
    namespace: dict = {}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 (our own documentation)
    subscription = subscription_create(
        name="Exempel",
        url=f"http://127.0.0.1:{port}/",
        event_types=[EventType.CASE_RECEIVED],
        user=None,
    )
    namespace["SECRET"] = subscription.secret
    server = namespace["HTTPServer"](("127.0.0.1", port), namespace["Receiver"])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        case = submitted_case()
        run_pending_tasks()
    finally:
        server.shutdown()
        server.server_close()
    delivery = Delivery.objects.get(subscription=subscription)
    assert delivery.status == "succeeded"
    assert delivery.attempt_log.get().status_code == 204
    assert f"{delivery.message_id} case.received {case.diary_number}" in capsys.readouterr().out
