"""Writing a notification from its kind's template, and turning a notification into an email."""

import hashlib
import re
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from govuk.markdown import render_markdown

from .kinds import KINDS, Kind

# Plain text, so no HTML escaping; a value the template needs but the context lacks is an error, not a blank.
_MISSING = "\x00missing:%s\x00"
_engine = Engine(
    dirs=[settings.BASE_DIR / "templates"],
    autoescape=False,
    string_if_invalid=_MISSING,
    libraries={"number_words": "notifications.templatetags.number_words"},
)
_UNSUBSCRIBE_SALT = "notifications.unsubscribe"


class TemplateContextError(ValueError):
    """The context given for a notification can't write its template."""


# Characters that would make Markdown of a value: links and images ([ ]), raw HTML and autolinks (< >),
# emphasis and code. Partners write titles; a title must not become a link in a council email.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]>])")
_ESCAPED = re.compile(r"\\([\\`*_\[\]>])")


def markdown_escape(value):
    """Values from the context, made literal for Markdown. Left as they are: paths in keys ending `_url` (ours), and
    Markdown in keys ending `_md`, which the sending app wrote with every value in it passed through this function."""
    if isinstance(value, str):
        return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("<", "&lt;")  # Markdown has no escape for <
    if isinstance(value, dict):
        return {k: v if k.endswith(("_url", "_md")) else markdown_escape(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [markdown_escape(v) for v in value]
    return value


# A link our templates write, [words](https://...); brackets from a value are escaped and don't match.
_LINK = re.compile(r"(?<!\\)\[([^\]]+?)(?<!\\)\]\((https?://[^)\s]+)\)")


def plain_text(body: str) -> str:
    """The body as read in a plain-text email: links as "words: address", Markdown's escapes removed."""
    return _ESCAPED.sub(r"\1", _LINK.sub(r"\1: \2", body)).replace("&lt;", "<")


def render(kind: Kind, context: dict) -> tuple[str, str]:
    """The subject (the template's first line, as plain text) and the body (the rest, Markdown)."""
    missing = sorted(kind.required - context.keys())
    if missing:
        raise TemplateContextError(f"Missing from the context: {', '.join(missing)}")
    placed = _with_markdown_placed(kind, context)
    if placed is not None:
        return placed
    subject, body = _split(_rendered(kind, context))
    return subject, body.strip()


def _split(text: str) -> tuple[str, str]:
    """The first line as a plain-text subject; the rest, as it is (the caller strips it)."""
    subject, _, body = text.strip().partition("\n")
    return " ".join(plain_text(subject).split())[:250], body


def _rendered(kind: Kind, context: dict) -> str:
    try:
        text = _engine.get_template(f"notifications/kinds/{kind.slug}.md").render(
            Context(markdown_escape(context) | {"site_url": settings.SITE_URL}, autoescape=False)
        )
    except Exception as error:  # a template that fails to compile or render, for whatever reason
        raise TemplateContextError(f"The {kind.slug} template failed: {error!r}") from error
    if "\x00missing:" in text:
        names = sorted({part.split("\x00")[0] for part in text.split("\x00missing:")[1:]})
        raise TemplateContextError(f"Missing from the context: {', '.join(names)}")
    return text


def _with_markdown_placed(kind: Kind, context: dict) -> tuple[str, str] | None:
    """A context whose Markdown (`_md` keys) is most of the message and whose other values are few and plain (a
    digest: a count, a frequency): the template is rendered once per run of those other values, with a mark where
    each piece of Markdown goes, and each message puts its own in place. The same text as rendering it whole, for a
    few microseconds instead of a template's hundred. None when the context is not like that."""
    markdown = {name: value for name, value in context.items() if name.endswith("_md")}
    plain = tuple(sorted((name, value) for name, value in context.items() if not name.endswith("_md")))
    if not markdown or not all(isinstance(value, str) for value in markdown.values()):
        return None
    try:
        marked = _marked(kind, plain, tuple(sorted(markdown)), settings.SITE_URL, get_language())
    except TypeError:  # a value that can't be a cache key (a list, a dict): rendered whole
        return None
    if marked is None:
        return None
    subject, body = marked
    for name, value in markdown.items():
        body = body.replace(_MARK % name, value)
    return subject, body.strip()


_MARK = "\x00md:%s\x00"


@lru_cache(maxsize=256)
def _marked(kind: Kind, plain: tuple, markdown_names: tuple, site_url: str, language: str | None):
    """The subject, and the body with a mark for each piece of Markdown (for this site address and language); None
    unless each mark comes out once, in the body (the template may have changed it, left it out, or put it in the
    subject line)."""
    subject, body = _split(_rendered(kind, dict(plain) | {name: _MARK % name for name in markdown_names}))
    return (subject, body) if all(body.count(_MARK % name) == 1 for name in markdown_names) else None


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(f"{user_id}.{kind}")


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """The person and kind a signed unsubscribe token stands for; raises signing.BadSignature if forged."""
    value = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token)
    user_id, _, kind = value.partition(".")
    return int(user_id), kind


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def email_message(notification, *, connection=None) -> EmailMultiAlternatives:
    """The email for a notification: a text part, a GOV.UK-style HTML part and one-click unsubscribe headers."""
    unsubscribe_url = absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(notification.recipient_id, notification.kind)])
    )
    context = {
        "notification": notification,
        "body_html": render_markdown(notification.body),
        "body_text": plain_text(notification.body),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("notifications/email.txt", context),
        to=[notification.recipient.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The same notification always carries the same Message-ID, so a copy is recognisable as one.
            "Message-ID": f"<{hashlib.sha256(notification.key.encode()).hexdigest()[:40]}@{_domain()}>",
        },
    )
    message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    kind = KINDS.get(notification.kind)
    if kind is not None and kind.attachment and notification.context.get(kind.attachment[0]):
        key, file_name, content_type = kind.attachment
        message.attach(file_name, notification.context[key], content_type)
    return message


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"
