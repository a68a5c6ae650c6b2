"""schema.org descriptions of pages, as plain dicts for the ``jsonld`` template tag.

The tag escapes ``<``, ``>`` and ``&``, so any text in these dicts (a title,
a quotation) cannot close the script element it is emitted in.
"""

from __future__ import annotations

from filmkb.templatetags.filmkb import safe_url
from films.models import AggregateScore, Credit, Review


def _url(request, obj):
    return request.build_absolute_uri(obj.get_absolute_url())


def iso_duration(minutes):
    """ISO 8601 duration for a running time in minutes: 126 -> 'PT2H6M'."""
    if not minutes:
        return None
    hours, mins = divmod(int(minutes), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins or not hours else "")


def _thing(request, entity, kind):
    if entity is None:
        return None
    return {"@type": kind, "name": str(entity.name), "url": _url(request, entity)}


def _agent(request, person=None, organization=None):
    if person is not None:
        return _thing(request, person, "Person")
    return _thing(request, organization, "Organization")


def movie(page, request):
    film = page.film
    summary = page.summary
    data = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": film.name,
        "url": request.build_absolute_uri(film.get_absolute_url()),
    }
    if film.stylized_title:
        data["alternateName"] = film.stylized_title
    if film.tagline or film.synopsis:
        data["description"] = film.tagline or film.synopsis[:300]
    data["genre"] = [g.name for g in film.genres.all()]
    data["inLanguage"] = [lang.code or lang.name for lang in film.languages.all()]
    data["countryOfOrigin"] = [{"@type": "Country", "name": c.name} for c in film.countries.all()]
    data["director"] = [
        _agent(request, c.person, c.organization)
        for c in summary["directed_by"]
        if c.job == Credit.Job.DIRECTOR
    ]
    data["author"] = [_agent(request, c.person, c.organization) for c in summary["written_by"]]
    data["producer"] = [_agent(request, c.person, c.organization) for c in summary["produced_by"]]
    data["actor"] = [_performance(request, c) for c in page.cast if c.status == Credit.Status.FINAL]
    data["musicBy"] = [_agent(request, c.person, c.organization) for c in summary["music_by"]]
    data["productionCompany"] = [
        _thing(request, c.organization, "Organization") for c in summary["companies"]
    ]
    released = [g.fact.date for g in summary["release_dates"] if g.fact.date]
    if released:
        data["datePublished"] = min(released).isoformat()
    elif film.year:
        data["datePublished"] = str(film.year)
    duration = iso_duration(film.runtime_minutes)
    if duration:
        data["duration"] = duration
    rating = _aggregate_rating(page)
    if rating:
        data["aggregateRating"] = rating
    data["review"] = [_review(request, r) for r in page.reviews]
    data["award"] = [
        f"{n.ceremony.name}: {n.category.name}"
        for group in page.accolades
        for n in group.nominations
        if n.result == n.Result.WON
    ]
    data["citation"] = [_citation(ref.source) for ref in page.citations.references]
    return {k: v for k, v in data.items() if v not in ([], None, "")}


def _performance(request, credit):
    role = {
        "@type": "PerformanceRole",
        "actor": _agent(request, credit.person, credit.organization),
    }
    if credit.character_id:
        role["characterName"] = credit.character.name
    if credit.is_voice:
        role["roleName"] = "voice"
    return role


def _aggregate_rating(page):
    for group in page.scores:
        score = group.fact
        if score.metric == AggregateScore.Metric.WEIGHTED_AVERAGE and score.value is not None:
            best = score.scale if (score.scale or "").isdigit() else "100"
            rating = {
                "@type": "AggregateRating",
                "ratingValue": str(score.value.normalize()),
                "bestRating": best,
                "worstRating": "0",
                "name": str(score.aggregator),
            }
            if score.sample_size:
                rating["ratingCount"] = score.sample_size
            return rating
    for group in page.scores:
        score = group.fact
        if score.metric == AggregateScore.Metric.APPROVAL and score.value is not None:
            rating = {
                "@type": "AggregateRating",
                "ratingValue": str(score.value.normalize()),
                "bestRating": "100",
                "worstRating": "0",
                "name": str(score.aggregator),
            }
            if score.sample_size:
                rating["ratingCount"] = score.sample_size
            return rating
    return None


def _review(request, review: Review):
    data = {"@type": "Review", "url": _url(request, review)}
    if review.critic_id:
        data["author"] = _thing(request, review.critic, "Person")
    elif review.publication_id:
        data["author"] = _thing(request, review.publication, "Organization")
    if review.publication_id:
        data["publisher"] = _thing(request, review.publication, "Organization")
    if review.published:
        data["datePublished"] = review.published.isoformat()
    if review.rating is not None:
        data["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": str(review.rating.normalize()),
            "bestRating": str(review.rating_scale.normalize()),
        }
    quotes = list(review.quotes.all())
    data["reviewBody"] = " … ".join(q.text for q in quotes) if quotes else review.summary
    return data


def _citation(source):
    data = {"@type": "CreativeWork", "name": source.title}
    if safe_url(source.url):  # http(s) only: a javascript: address is never passed on
        data["url"] = safe_url(source.url)
    if source.publication_id:
        data["publisher"] = {"@type": "Organization", "name": source.publication.name}
    if source.published:
        data["datePublished"] = source.published.isoformat()
    return data


def person(request, obj):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": obj.name,
        "url": _url(request, obj),
    }
    if obj.description:
        data["description"] = obj.description
    aliases = [a.name for a in obj.aliases.all()]
    if aliases:
        data["alternateName"] = aliases
    return data


def organization(request, obj):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": obj.name,
        "url": _url(request, obj),
    }
    if obj.description:
        data["description"] = obj.description
    if obj.parent_id:
        data["parentOrganization"] = _thing(request, obj.parent, "Organization")
    aliases = [a.name for a in obj.aliases.all()]
    if aliases:
        data["alternateName"] = aliases
    return data
