"""A small but complete knowledge base for page tests: one film with a row of
every kind its pages show, so link checks and browser tests reach every page type.

Text here is our own; nothing is copied from the article.
"""

from decimal import Decimal

from awards.models import NominationTally
from filmkb.dates import PartialDate
from films.models import (
    BoxOfficeFigure,
    Credit,
    Dedication,
    ExternalLink,
    FilmCompany,
    FilmMusic,
    FilmTheme,
    FilmTitle,
    Genre,
    Language,
    Location,
    MusicCredit,
    MusicWork,
    RelatedWork,
    Release,
    SourceAuthor,
    Territory,
    Theme,
    Work,
)
from people.models import Membership, Organization, PersonAlias
from tests.builders import (
    cite,
    make_category,
    make_ceremony,
    make_character,
    make_credit,
    make_description,
    make_disagreement,
    make_event,
    make_figure,
    make_film,
    make_nomination,
    make_organization,
    make_person,
    make_quotation,
    make_quote,
    make_recast,
    make_release,
    make_review,
    make_score,
    make_source,
    make_top_ten_entry,
    make_top_ten_list,
)


def build_site():
    """Create the dataset; returns a dict of the notable objects."""
    o = {}
    wb = make_organization(
        name="Northlight Pictures", slug="northlight", kind=Organization.Kind.DISTRIBUTOR
    )
    studio = make_organization(name="Lantern Films", slug="lantern", kind=Organization.Kind.STUDIO)
    paper = make_organization(
        name="The Daily Reel", slug="daily-reel", kind=Organization.Kind.PUBLICATION
    )
    media = make_organization(
        name="Reel Media Group", slug="reel-media", kind=Organization.Kind.PUBLISHER
    )
    paper.parent = media
    paper.save()
    aggregator = make_organization(
        name="ScoreSite", slug="scoresite", kind=Organization.Kind.WEBSITE
    )
    festival = make_organization(
        name="Harbor Film Festival", slug="harbor-ff", kind=Organization.Kind.FESTIVAL
    )
    academy = make_organization(
        name="Screen Academy", slug="screen-academy", kind=Organization.Kind.AWARD_BODY
    )
    band = make_organization(
        name="Paper Lanterns", slug="paper-lanterns", kind=Organization.Kind.MUSICAL_GROUP
    )
    label = make_organization(name="Echo Records", slug="echo", kind=Organization.Kind.RECORD_LABEL)

    director = make_person(name="Ada Director", slug="ada-director", description="Filmmaker.")
    lead = make_person(name="Scarlett Johansson", slug="scarlett-johansson", description="Actor.")
    PersonAlias.objects.create(person=lead, name="S. Johansson", kind=PersonAlias.Kind.CREDITED_AS)
    actor = make_person(name="Ben Lead", slug="ben-lead")
    first_voice = make_person(name="Cora Early", slug="cora-early")
    critic = make_person(name="Dana Critic", slug="dana-critic")
    singer = make_person(name="Eve Singer", slug="eve-singer")
    honoree = make_person(name="Fay Memory", slug="fay-memory")

    s1 = make_source(
        key="reel-interview",
        title="An interview about the film",
        publication=paper,
        publisher=media,
        url="https://example.org/interview",
        published=PartialDate(2013, 10, 12),
        archive_url="https://archive.example.org/interview",
    )
    SourceAuthor.objects.create(source=s1, person=critic)
    s2 = make_source(
        key="grosses",
        title="Weekend grosses",
        publication=aggregator,
        url="https://example.org/grosses",
        published=PartialDate(2014, 1),
    )
    s3 = make_source(key="second-count", title="Another count of grosses", publication=paper)
    s4 = make_source(
        key="awards-list",
        title="The winners",
        publication=academy,
        published=PartialDate(2014, 3, 2),
    )

    genre = Genre.objects.create(name="Romance", slug="romance")
    usa = Territory.objects.create(name="United States", slug="united-states", code="US")
    world = Territory.objects.create(
        name="Worldwide", slug="worldwide", kind=Territory.Kind.WORLDWIDE
    )
    world.includes.add(usa)
    english = Language.objects.create(name="English", slug="english", code="en")
    city = Location.objects.create(name="Harbor City", slug="harbor-city", territory=usa)
    stage = Location.objects.create(
        name="Stage 9", slug="stage-9", kind=Location.Kind.STUDIO, parent=city
    )
    theme = Theme.objects.create(name="Loneliness", slug="loneliness", description="Being alone.")

    film = make_film(
        name="Her",
        slug="her",
        year=2013,
        stylized_title="her",
        tagline="A writer and a voice.",
        synopsis="A writer falls for a voice in his computer.",
    )
    film.genres.add(genre)
    film.countries.add(usa)
    film.languages.add(english)
    o["film"] = film
    cite(
        make_description(
            film, key="genre-line", label="Quiet science-fiction romance", text="Love, mostly."
        ),
        s1,
    )
    cite(
        FilmTitle.objects.create(
            film=film, key="stylized", title="her", kind=FilmTitle.Kind.STYLIZED
        ),
        s1,
    )

    cite(
        make_credit(
            film,
            director,
            key="director",
            department=Credit.Department.DIRECTING,
            job=Credit.Job.DIRECTOR,
        ),
        s1,
    )
    cite(
        make_credit(
            film,
            director,
            key="writer",
            department=Credit.Department.WRITING,
            job=Credit.Job.SCREENWRITER,
        ),
        s1,
    )
    cite(
        make_credit(
            film,
            director,
            key="producer",
            department=Credit.Department.PRODUCTION,
            job=Credit.Job.PRODUCER,
        ),
        s1,
    )
    cite(
        make_credit(
            film,
            None,
            organization=band,
            key="score",
            department=Credit.Department.MUSIC,
            job=Credit.Job.COMPOSER,
        ),
        s1,
    )
    sam = make_character(film, name="Samantha", slug="samantha")
    theo = make_character(film, name="Theo", slug="theo")
    lead_credit = cite(
        make_credit(film, lead, key="lead", character=sam, is_voice=True, billing_order=2), s1
    )
    cite(make_credit(film, actor, key="actor", character=theo, billing_order=1), s1)
    early = cite(
        make_credit(film, first_voice, key="early", character=sam, status=Credit.Status.REPLACED),
        s1,
    )
    recast = cite(
        make_recast(
            early, lead_credit, key="recast", date=PartialDate(2013), stage="post-production"
        ),
        s1,
    )
    o["lead"] = lead

    cite(
        FilmCompany.objects.create(
            film=film, organization=studio, role=FilmCompany.Role.PRODUCTION, key="studio"
        ),
        s1,
    )
    dist = FilmCompany.objects.create(
        film=film, organization=wb, role=FilmCompany.Role.DISTRIBUTION, key="dist"
    )
    dist.territories.add(usa)
    cite(dist, s1)

    event = cite(
        make_event(
            film,
            key="shoot",
            kind="principal_photography",
            title="Filming",
            date=PartialDate(2012, qualifier="mid"),
            summary="Shot in two cities.",
        ),
        s1,
    )
    event.people.add(actor)
    event.organizations.add(studio)
    event.locations.add(stage)
    o["event_quotation"] = cite(
        make_quotation(
            film,
            director,
            key="director-on-the-shoot",
            text="We shot it twice. The second time it felt true.",
            about="Filming the city scenes",
            production_event=event,
        ),
        s1,
    )
    cite(
        make_event(
            film,
            key="recast-event",
            kind="recast",
            title="Voice recast",
            recast=recast,
            date=PartialDate(2013, 8),
        ),
        s1,
    ).people.add(lead)

    score = MusicWork.objects.create(
        name="Her (score)", slug="her-score", kind=MusicWork.Kind.SCORE
    )
    song = MusicWork.objects.create(name="A Moon Tune", slug="moon-tune", kind=MusicWork.Kind.SONG)
    album = MusicWork.objects.create(
        name="Night Album", slug="night-album", kind=MusicWork.Kind.ALBUM, track_count=10
    )
    song.albums.add(album)
    score_use = cite(
        FilmMusic.objects.create(
            film=film, work=score, usage=FilmMusic.Usage.SCORE, key="score-use"
        ),
        s1,
    )
    cite(
        make_quotation(
            film, band, key="band-lyric", text="hum along", about="a lyric", film_music=score_use
        ),
        s1,
    )
    cite(
        MusicCredit.objects.create(
            film=film, work=song, person=singer, role=MusicCredit.Role.PERFORMER, key="song-singer"
        ),
        s1,
    )
    cite(
        MusicCredit.objects.create(
            film=film,
            work=score,
            organization=band,
            role=MusicCredit.Role.COMPOSER,
            key="score-band",
        ),
        s1,
    )
    Membership.objects.create(person=singer, organization=band, role="singer")

    premiere = cite(
        make_release(
            film,
            key="premiere",
            kind=Release.Kind.WORLD_PREMIERE,
            date=PartialDate(2013, 10, 12),
            festival=festival,
            location=city,
            event_name="Harbor Film Festival 2013",
        ),
        s1,
    )
    limited = cite(
        make_release(
            film,
            key="limited",
            kind=Release.Kind.LIMITED,
            date=PartialDate(2013, 12, 18),
            territory=usa,
            distributor=wb,
            theaters=6,
        ),
        s1,
    )
    cite(
        make_release(
            film,
            key="planned",
            kind=Release.Kind.LIMITED,
            date=PartialDate(2013, 11, 20),
            status=Release.Status.SUPERSEDED,
            superseded_by=limited,
            territory=usa,
        ),
        s1,
    )
    cite(
        make_release(
            film,
            key="soundtrack",
            kind=Release.Kind.SOUNDTRACK,
            date=PartialDate(2021, 3, 19),
            music_work=score,
            formats="vinyl,cassette",
        ),
        s1,
    )
    o["premiere"] = premiere

    gross = make_disagreement(
        film, key="worldwide-gross", subject="Worldwide gross", note="Two counts differ."
    )
    cite(
        make_figure(
            film, key="budget", kind=BoxOfficeFigure.Kind.BUDGET, amount=Decimal("23000000")
        ),
        s2,
    )
    cite(
        make_figure(
            film,
            key="domestic",
            kind=BoxOfficeFigure.Kind.DOMESTIC,
            amount=Decimal("25600000"),
            territory=usa,
        ),
        s2,
    )
    cite(
        make_figure(
            film,
            key="ww-a",
            kind=BoxOfficeFigure.Kind.WORLDWIDE,
            amount=Decimal("47400000"),
            disagreement=gross,
            territory=world,
        ),
        s2,
    )
    cite(
        make_figure(
            film,
            key="ww-b",
            kind=BoxOfficeFigure.Kind.WORLDWIDE,
            amount=Decimal("48100000"),
            disagreement=gross,
            qualifier="over",
        ),
        s3,
    )
    cite(
        make_figure(
            film,
            key="opening",
            kind=BoxOfficeFigure.Kind.OPENING_WEEKEND,
            amount=Decimal("258000"),
            release=limited,
            theaters=6,
        ),
        s2,
    )
    o["disagreement"] = gross

    approval = cite(
        make_score(
            film, key="approval", aggregator=aggregator, value=Decimal("94"), sample_size=288
        ),
        s2,
    )
    cite(
        make_quotation(
            film,
            aggregator,
            key="consensus",
            text="Gentle, odd and wise about how people love now.",
            about="The critics' consensus",
            aggregate_score=approval,
        ),
        s2,
    )
    cite(
        make_score(
            film,
            key="weighted",
            aggregator=aggregator,
            metric="weighted_average",
            value=Decimal("91"),
            scale="100",
        ),
        s2,
    )
    review = cite(
        make_review(
            film,
            key="daily-reel",
            critic=critic,
            publication=paper,
            published=PartialDate(2013, 12, 18),
            rating=Decimal("3.5"),
            rating_scale=Decimal("4"),
            rating_unit="stars",
            summary="Warm and clever.",
        ),
        s1,
    )
    make_quote(review, text="a tender marvel", about="the film")
    cite(
        make_quotation(
            film,
            critic,
            key="critic-menacing",
            text="menacing",
            about="An earlier role",
            review=review,
        ),
        s1,
    )
    other = Work.objects.create(
        name="Cold Machines",
        slug="cold-machines",
        year=1982,
        description="An older film about machines.",
    )
    other.creators.add(director)
    review.compared_works.add(other)
    cite(
        make_review(
            film, key="paper-only", publication=paper, sentiment="mixed", summary="Unsure."
        ),
        s1,
    )

    top = make_top_ten_list(
        name="Daily Reel best of 2013", slug="reel-best-2013", publication=paper
    )
    top.critics.add(critic)
    cite(make_top_ten_entry(film, top, key="reel-top", rank=1), s1)

    ceremony = make_ceremony(
        academy,
        name="1st Screen Awards",
        slug="screen-awards-1",
        edition=1,
        year=2013,
        date=PartialDate(2014, 3, 2),
    )
    cat_a = make_category(academy, name="Best Screenplay", slug="best-screenplay")
    cat_b = make_category(academy, name="Best Song", slug="best-song")
    cite(
        make_nomination(film, ceremony, cat_a, nominees=[director], key="screenplay", result="won"),
        s4,
    )
    cite(make_nomination(film, ceremony, cat_b, nominees=[song, singer], key="song"), s4)
    cite(
        NominationTally.objects.create(
            film=film, ceremony=ceremony, key="tally", nominations=2, wins=1
        ),
        s4,
    )

    cite(
        FilmTheme.objects.create(
            film=film, theme=theme, key="loneliness", summary="The film dwells on it."
        ),
        s1,
    )
    cite(
        RelatedWork.objects.create(
            film=film,
            work=other,
            kind=RelatedWork.Kind.COMPARED_WITH,
            key="cold",
            summary="Both about machines.",
        ),
        s1,
    )
    cite(Dedication.objects.create(film=film, person=honoree, key="fay"), s1)
    cite(
        ExternalLink.objects.create(
            film=film,
            site=ExternalLink.Site.OFFICIAL,
            key="official",
            url="https://example.org/her",
        ),
        s1,
    )
    _ = label
    return o
