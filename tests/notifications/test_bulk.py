"""Writing many notifications at once (`notify_many`), rendering a digest by putting its Markdown in place, and the
numbers written in words."""

from unittest import mock

import pytest
from django.template import Context, Template

from notifications import rendering
from notifications.kinds import kind_get
from notifications.models import Channel, Notification
from notifications.services import Message, notify_many, preference_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Notification.Status

DIGEST = {
    "total": 3,
    "frequency": "daily",
    "manage_url": "/account/alerts/",
    "listings_md": "[Trainee electrician](http://x/o/1/) at Lea Bridge Builders, closes 5 January 2027.\n\n"
    "[Kitchen porter](http://x/o/2/) at The \\*Star\\* Café.",
    "alerts_md": "Apprenticeships: three new. [Change this alert](http://x/c/) or [stop it](http://x/s/).",
}


def digest_message(user, n=1, **context) -> Message:
    return Message(recipient=user, context=DIGEST | context, key=f"match_digest:test:{n}:{user.pk}", link="/a/")


def test_notify_many_writes_each_message_once_and_queues_the_pending_after_commit(
    django_capture_on_commit_callbacks,
):
    amara, sam, bea = UserFactory(), UserFactory(), UserFactory()
    preference_set(user=bea, kind="match_digest", channel=Channel.OFF)
    first = notify_many(kind="match_digest", messages=[digest_message(amara)])
    with (
        mock.patch("notifications.services.enqueue") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        ids = notify_many(
            kind="match_digest",
            messages=[digest_message(amara), digest_message(sam), digest_message(bea), digest_message(sam, n=2)],
        )
    assert len(ids) == 2 and first[0] not in ids  # Amara's key was written before; Bea turned digests off
    (queued,) = enqueue.call_args.args
    assert set(ids) <= set(queued)  # with the first call's, whose transaction (the test's) never committed
    row = Notification.objects.get(key=f"match_digest:test:1:{sam.pk}")
    assert (row.recipient, row.status, row.channel, row.link) == (sam, Status.PENDING, Channel.EMAIL, "/a/")
    assert row.context == {"total": 3, "frequency": "daily"}  # what the kind keeps
    assert row.created_at is not None and row.next_attempt_at is not None
    assert row.subject == "Three new opportunities for you"
    assert DIGEST["listings_md"] in row.body and DIGEST["alerts_md"] in row.body
    assert not Notification.objects.filter(recipient=bea).exists()


def test_notify_many_fails_an_invalid_address_and_writes_the_rest():
    good, bad = UserFactory(), UserFactory()
    type(bad).objects.filter(pk=bad.pk).update(email="not an address")
    bad.refresh_from_db()
    notify_many(kind="match_digest", messages=[digest_message(good), digest_message(bad)])
    assert Notification.objects.get(recipient=good).status == Status.PENDING
    failed = Notification.objects.get(recipient=bad)
    assert failed.status == Status.FAILED and "Invalid email address" in failed.last_error


@pytest.mark.parametrize(
    "context",
    [
        DIGEST,
        DIGEST | {"total": 1, "frequency": "weekly"},
        DIGEST | {"total": 12},
        DIGEST | {"listings_md": "  \n leading and trailing space \n ", "alerts_md": ""},
        DIGEST | {"listings_md": "{{ total }} {% if x %}not a template{% endif %} \\x00 100%"},
    ],
    ids=["daily", "weekly-one", "twelve", "spaces", "template-like"],
)
def test_a_digest_rendered_by_placing_its_markdown_is_the_same_as_rendering_it_whole(context):
    kind = kind_get("match_digest")
    whole_subject, whole_body = rendering._split(rendering._rendered(kind, context))
    assert rendering.render(kind, context) == (whole_subject, whole_body.strip())
    assert rendering._with_markdown_placed(kind, context) is not None  # the placed path was the one taken


def test_markdown_is_rendered_whole_when_the_template_does_not_place_it_once(settings, tmp_path):
    kind = kind_get("match_digest")
    with mock.patch.object(
        rendering,
        "_rendered",
        lambda kind, context: Template("Subject\n{{ listings_md|upper }}").render(Context(context, autoescape=False)),
    ):
        rendering._marked.cache_clear()
        assert rendering._with_markdown_placed(kind, DIGEST) is None  # the mark came out changed
        assert rendering.render(kind, DIGEST)[1] == DIGEST["listings_md"].upper()
    rendering._marked.cache_clear()


def test_lists_in_a_context_are_rendered_whole():
    kind = kind_get("caseload_matches")
    context = {"total": 2, "listings": [{"title": "A", "organisation": "B", "matches_url": "/m/", "residents": "C"}]}
    assert rendering._with_markdown_placed(kind, context | {"note_md": "x"}) is None


def test_the_placed_template_follows_the_site_address(settings):
    kind = kind_get("match_digest")
    settings.SITE_URL = "https://one.example"
    assert "https://one.example/account/alerts/" in rendering.render(kind, DIGEST)[1]
    settings.SITE_URL = "https://two.example"
    assert "https://two.example/account/alerts/" in rendering.render(kind, DIGEST)[1]


@pytest.mark.parametrize(
    ("value", "words"),
    [(1, "one"), (3, "three"), (9, "nine"), (10, 10), (0, 0), (-2, -2), ("4", "four"), ("many", "many"), (True, "one")],
)
def test_in_words_writes_one_to_nine_as_words(value, words):
    from notifications.templatetags.number_words import in_words

    assert in_words(value) == words
