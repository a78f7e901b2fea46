"""What the catalogue tells the apps above it, which it does not know: `listing_published` is sent, inside the
moderation service's transaction, when council staff publish a listing (`opportunity`, the Opportunity). Receivers
that write take part in that transaction; those that queue work do it on commit."""

from django.dispatch import Signal

listing_published = Signal()
