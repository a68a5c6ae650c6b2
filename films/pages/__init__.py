"""Page assembly for the films app: which rows each page needs, in how many queries.

* ``film``: the film page (``film_page``, ``build_film_page``, disagreement groups);
* ``entities``: characters, events, releases, reviews, disagreements, sources and
  the lookup entities, one function per page returning its template context;
* ``facts``: facts of any kind (what cites a source, a disagreement's members);
* ``site``: home, the review list's rows, the timeline and search.

Views call one function here and render; templates never query.
"""
