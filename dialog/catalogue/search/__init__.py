"""Search: a stemmed index of plans, focus areas and goals, typo suggestions, and hooks.

The importer keeps `search_entries` and `search_words` up to date (`refresh_index`). On
PostgreSQL an entry's document is a Swedish `tsvector` with a GIN index; on SQLite it is the
Snowball stems of the same text. Other areas (comments) add results through `register_source`.
"""

from dialog.catalogue.search.index import refresh_index
from dialog.catalogue.search.query import SearchResults, search
from dialog.catalogue.search.sources import Hit, register_source

__all__ = ["Hit", "SearchResults", "refresh_index", "register_source", "search"]
