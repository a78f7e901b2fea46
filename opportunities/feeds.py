from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .selectors import newest_matching


class OpportunityFeed(Feed):
    """Atom feed of a catalogue search: the same query string as /opportunities/, newest first."""

    feed_type = Atom1Feed
    title = "Hackney Opportunities"
    subtitle = "New jobs, apprenticeships, placements, volunteering, courses and events in Hackney"

    def get_object(self, request):
        params = request.GET.copy()
        params.pop("page", None)  # a feed is always the newest listings
        return params

    def link(self, params):
        return "/opportunities/" + (f"?{params.urlencode()}" if params else "")

    def items(self, params):
        return newest_matching(params)

    def item_title(self, item):
        return f"{item.title} – {item.organisation.name}"

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.organisation.name

    def item_categories(self, item):
        return [item.get_kind_display()]
