from celery import shared_task

from .models import Frequency
from .services import (
    alerts_digest_send,
    alerts_instant_send,
    caseload_digest_send,
    instant_alerts_catch_up,
    saved_closing_remind,
)


def _done(run) -> int:
    return run.messages if run is not None else 0


@shared_task(ignore_result=True)
def send_instant_alerts(opportunity_id: int) -> int:
    """After a listing is published: its instant alerts, once (a second call finds the run and does nothing)."""
    return _done(alerts_instant_send(opportunity_id=int(opportunity_id)))


@shared_task(ignore_result=True)
def catch_up_instant_alerts() -> int:
    """Every minute: instant alerts of recently published listings that have none yet."""
    return instant_alerts_catch_up()


@shared_task(ignore_result=True)
def send_daily_alerts() -> int:
    """Every day at 7am: the daily digests."""
    return _done(alerts_digest_send(frequency=Frequency.DAILY))


@shared_task(ignore_result=True)
def send_weekly_alerts() -> int:
    """Mondays at 7am: the weekly digests."""
    return _done(alerts_digest_send(frequency=Frequency.WEEKLY))


@shared_task(ignore_result=True)
def remind_saved_closing_soon() -> int:
    """Every day: saved listings closing in three days, not applied for."""
    return saved_closing_remind()


@shared_task(ignore_result=True)
def send_caseload_digests() -> int:
    """Every day at 7:15am: advisors' new listings matching their caseload."""
    return _done(caseload_digest_send())
