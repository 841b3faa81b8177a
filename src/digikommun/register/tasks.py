"""Background task of the register: a service owner's impact simulation."""

from __future__ import annotations

from django_tasks import task


@task()
def run_simulation(run_id: int) -> str:
    from .reviews import simulation_run

    return simulation_run(run_id=run_id)
