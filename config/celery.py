"""The Celery application: Redis broker, tasks discovered in each app, the beat schedule."""

import os

from celery import Celery, signals
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hackney_opportunities")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "close-expired-opportunities": {
        "task": "opportunities.tasks.close_expired_opportunities",
        "schedule": crontab(minute=5, hour="0"),
    },
    "remind-partners-of-closing-listings": {
        "task": "opportunities.tasks.remind_closing_listings",
        "schedule": crontab(minute=0, hour="7"),
    },
    "moderation-digest": {
        "task": "opportunities.tasks.send_moderation_digest",
        "schedule": crontab(minute=0, hour="8"),
    },
    "applications-digest": {
        "task": "applications.tasks.send_applications_digest",
        "schedule": crontab(minute=30, hour="7"),
    },
    "anonymise-expired-applications": {
        "task": "applications.tasks.anonymise_expired_applications",
        "schedule": crontab(minute=15, hour="3"),
    },
    "remind-appointments": {
        "task": "advisors.tasks.remind_appointments",
        "schedule": crontab(minute=0, hour="10"),
    },
    "tell-advisors-what-is-due": {
        "task": "advisors.tasks.tell_advisors_what_is_due",
        "schedule": crontab(minute=0, hour="8"),
    },
    "delete-inactive-accounts": {
        "task": "privacy.tasks.delete_inactive_accounts",
        "schedule": crontab(minute=0, hour="3"),
    },
    "delete-old-sign-in-throttles": {
        "task": "accounts.tasks.delete_old_sign_in_throttles",
        "schedule": crontab(minute=45, hour="3"),
    },
    "delete-old-notifications": {
        "task": "notifications.tasks.delete_old_notifications",
        "schedule": crontab(minute=30, hour="3"),
    },
    # Match alerts: times are Europe/London (CELERY_TIMEZONE).
    "instant-alerts-catch-up": {
        "task": "matching.tasks.catch_up_instant_alerts",
        "schedule": crontab(),  # every minute
    },
    "daily-alerts": {
        "task": "matching.tasks.send_daily_alerts",
        "schedule": crontab(minute=0, hour="7"),
    },
    "weekly-alerts": {
        "task": "matching.tasks.send_weekly_alerts",
        "schedule": crontab(minute=0, hour="7", day_of_week="monday"),
    },
    "remind-saved-listings-closing": {
        "task": "matching.tasks.remind_saved_closing_soon",
        "schedule": crontab(minute=0, hour="9"),
    },
    "caseload-digests": {
        "task": "matching.tasks.send_caseload_digests",
        "schedule": crontab(minute=15, hour="7"),
    },
    # A place held for someone on a waiting list passes on within minutes of the hold running out.
    "expire-course-offers": {
        "task": "courses.tasks.expire_course_offers",
        "schedule": crontab(minute="*/5"),
    },
    "remind-course-starts": {
        "task": "courses.tasks.remind_course_starts",
        "schedule": crontab(minute=0, hour="10"),
    },
    "requeue-due-notifications": {
        "task": "notifications.tasks.requeue_due_notifications",
        "schedule": settings.NOTIFICATIONS_SWEEP_SECONDS,
    },
}


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_development_secret(**kwargs):
    from config.settings import refuse_development_secret

    refuse_development_secret()
