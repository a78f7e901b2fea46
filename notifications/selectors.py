from django.core.paginator import Paginator

from .models import Channel, Notification, Preference

INBOX_PAGE_SIZE = 20


def inbox_page(*, user, page, per_page: int = INBOX_PAGE_SIZE):
    """One page of someone's notifications, newest first, with how many are unread."""
    notifications = Notification.objects.for_inbox(user).only(
        "id", "subject", "kind", "created_at", "read_at", "link", "recipient_id"
    )
    result = Paginator(notifications, per_page).get_page(page)
    result.unread_count = Notification.objects.filter(recipient=user).unread().count()
    return result


def preferences_for(*, user, kinds) -> dict:
    """How each of these kinds reaches this person now: their choice, or the kind's default (one query)."""
    slugs = [kind.slug for kind in kinds]
    chosen = dict(Preference.objects.filter(user=user, kind__in=slugs).values_list("kind", "channel"))
    return {kind.slug: Channel(chosen[kind.slug]) if kind.slug in chosen else kind.default for kind in kinds}


def channels_for(*, users, kind) -> dict:
    """How one kind reaches each of these people now (user id -> channel), in one query whatever their number."""
    ids = [user.pk for user in users]
    chosen = dict(Preference.objects.filter(kind=kind.slug, user_id__in=ids).values_list("user_id", "channel"))
    return {pk: Channel(chosen[pk]) if pk in chosen else kind.default for pk in ids}
