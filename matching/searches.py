"""A search of `/opportunities/` as something to keep: its canonical query string, checked with the catalogue's own
filters, and its name in plain words ("Apprenticeships in digital, paying the London Living Wage")."""

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from opportunities import search
from opportunities.filters import CLOSING_CHOICES, HoursBand, OpportunityFilter
from opportunities.models import Kind, Level, PriorityGroup, Programme, SearchEntry, Sector, Ward

# The catalogue's filters a saved search keeps, in the order its query string lists them (not the page or sort).
KEPT = ("q", "kind", "sector", "programme", "level", "pay", "hours", "ward", "online", "age", "priority", "closing")

KIND_PLURALS = {
    Kind.JOB: "jobs",
    Kind.APPRENTICESHIP: "apprenticeships",
    Kind.WORK_PLACEMENT: "paid work placements",
    Kind.SUPPORTED_INTERNSHIP: "supported internships",
    Kind.VOLUNTEERING: "volunteering roles",
    Kind.WORK_EXPERIENCE: "work experience and job tasters",
    Kind.COURSE: "courses",
    Kind.EVENT: "events",
}
NAME_MAX_LENGTH = 150


def filterset_for(data, queryset=None) -> OpportunityFilter:
    """The catalogue's FilterSet for a query string, validated (over the visible catalogue unless told)."""
    filterset = OpportunityFilter(data, queryset=SearchEntry.objects.visible() if queryset is None else queryset)
    filterset.is_valid()
    return filterset


class SavedQueries:
    """Runs canonical queries (checked with the catalogue's FilterSet when they were saved) through that FilterSet's
    own filters: one FilterSet's filters for a whole run, and the reference lists read once, rather than a FilterSet
    built and validated per query (about a millisecond each, most of a digest's matching)."""

    REFERENCES = {"sector": Sector, "programme": Programme, "ward": Ward, "priority": PriorityGroup}

    def __init__(self):
        self.filters = OpportunityFilter(queryset=SearchEntry.objects.none()).filters
        self.references = {
            name: {row.slug: row for row in model.objects.all()} for name, model in self.REFERENCES.items()
        }

    def values(self, query: str) -> dict | None:
        """A canonical query's values as the FilterSet's form cleans them; None when it names a sector, ward,
        programme or group that is no longer there, or is not a canonical query at all."""
        values = {}
        for name, items in QueryDict(query).lists():
            if name not in KEPT:
                return None
            if name in self.REFERENCES:
                rows = [self.references[name].get(slug) for slug in items]
                if None in rows:
                    return None
                values[name] = rows if name == "sector" else rows[0]
            elif name in ("kind", "level"):
                values[name] = items
            elif name == "age":
                if not items[0].isdigit():
                    return None
                values[name] = int(items[0])
            else:
                values[name] = items[0]
        return values

    def find(self, query: str, entries):
        """The entries the query finds (a queryset), or None for a query that can no longer run."""
        values = self.values(query)
        if values is None:
            return None
        for name, value in values.items():
            entries = self.filters[name].filter(entries, value)
        return entries


def _values(name: str, value) -> list[str]:
    """A cleaned filter value as the strings of its query string, sorted where the filter takes several."""
    if value in (None, "", []):
        return []
    if name == "q":
        return [search.clean_query(value)] if search.clean_query(value) else []
    if name in ("kind", "level"):
        return sorted(str(v) for v in value)
    if name == "sector":
        return sorted(s.slug for s in value)
    if name in ("programme", "ward", "priority"):
        return [value.slug]
    return [str(value)]


def canonical_query(data) -> str:
    """The search's own parameters of `data`, each list sorted, in one fixed order: equal searches, equal strings.

    Raises ValidationError with the catalogue's own messages when a filter is not valid (a saved search must mean
    what the person saw)."""
    filterset = filterset_for(data)
    errors = [message for messages in filterset.form.errors.values() for message in messages]
    if errors:
        raise ValidationError(errors, code="invalid_search")
    cleaned = filterset.form.cleaned_data
    query = QueryDict(mutable=True)
    for name in KEPT:
        values = _values(name, cleaned.get(name))
        if values:
            query.setlist(name, values)
    return query.urlencode()


def lower_first(name: str) -> str:
    """ "Health and social care" within a sentence; "SEND" and "NHS" stay as they are."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


EMPTY_SEARCH = "Search for something or choose a filter before you save a search"


def savable_query(data) -> str:
    """`canonical_query`, refusing a search with nothing in it (it would send every new listing)."""
    query = canonical_query(data)
    if not query:
        raise ValidationError(EMPTY_SEARCH, code="empty_search")
    return query


def search_url(query: str) -> str:
    """The address of the catalogue's results for a canonical query."""
    path = reverse("opportunities:list")
    return f"{path}?{query}" if query else path


def _either(words: list[str], joiner: str = "or") -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def describe(query: str) -> str:
    """A saved search in plain words, from its canonical query: "Apprenticeships in digital, paying the London
    Living Wage". Unknown values (a sector since renamed) are left out rather than guessed."""
    cleaned = filterset_for(QueryDict(query)).form.cleaned_data
    kinds = [KIND_PLURALS[Kind(k)] for k in cleaned.get("kind") or []]
    head = _either(kinds) if kinds else "opportunities"
    parts = [head[0].upper() + head[1:]]
    if q := search.clean_query(cleaned.get("q") or ""):
        parts[0] += f" matching “{q}”"
    if sectors := cleaned.get("sector"):
        parts[0] += f" in {_either([lower_first(s.name) for s in sectors])}"
    if levels := cleaned.get("level"):
        parts[0] += f" at {_either([Level(int(v)).label.split(' (')[0].lower() for v in sorted(levels)])}"
    if ward := cleaned.get("ward"):
        parts[0] += f" in {ward.name}"
    extras = []
    if cleaned.get("online"):
        extras.append("online or remote")
    if cleaned.get("pay"):
        extras.append("paying the London Living Wage")
    if hours := cleaned.get("hours"):
        extras.append(dict(HoursBand.CHOICES)[hours].lower())
    if programme := cleaned.get("programme"):
        extras.append(f"in {programme.name}")
    if (age := cleaned.get("age")) is not None:
        extras.append(f"open to people aged {age}")
    if priority := cleaned.get("priority"):
        extras.append(f"welcoming {lower_first(priority.name)}")
    if closing := cleaned.get("closing"):
        extras.append(f"closing {dict(CLOSING_CHOICES)[closing].lower()}")
    name = ", ".join(parts + extras)
    return name if len(name) <= NAME_MAX_LENGTH else name[: NAME_MAX_LENGTH - 1].rstrip(" ,") + "…"
