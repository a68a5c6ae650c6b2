"""Films and every kind of fact the knowledge base records about them.

Entities (own page, slug): Source, Genre, Territory, Language, Location, Theme,
Work, Film, Character, MusicWork, TopTenList.
Facts (owned by a film, cited, keyed): FilmTitle, FilmCompany, FilmTheme,
Dedication, RelatedWork, ExternalLink, Credit, Recast, ProductionEvent,
Release, BoxOfficeFigure, AggregateScore, Review, TopTenEntry, FilmMusic,
MusicCredit, Quotation, FilmDescription.

One module per topic (the topics of the fixture files); every name is
re-exported here, so ``from films.models import Credit`` and the app label
stay as they were.
"""

from films.models.cast import (  # noqa: F401
    Character,
    CharacterQuerySet,
    Credit,
    CreditCitation,
    CreditQuerySet,
    Recast,
    RecastCitation,
)
from films.models.film import (  # noqa: F401
    Dedication,
    DedicationCitation,
    ExternalLink,
    ExternalLinkCitation,
    Film,
    FilmCompany,
    FilmCompanyCitation,
    FilmQuerySet,
    FilmTheme,
    FilmThemeCitation,
    FilmTitle,
    FilmTitleCitation,
    Genre,
    Language,
    Location,
    RelatedWork,
    RelatedWorkCitation,
    Territory,
    Theme,
    Work,
)
from films.models.housekeeping import (  # noqa: F401
    FixtureRecord,
    SiteState,
)
from films.models.music import (  # noqa: F401
    FilmMusic,
    FilmMusicCitation,
    MusicCredit,
    MusicCreditCitation,
    MusicWork,
)
from films.models.production import (  # noqa: F401
    DatedQuerySet,
    ProductionEvent,
    ProductionEventCitation,
)
from films.models.quotations import (  # noqa: F401
    FilmDescription,
    FilmDescriptionCitation,
    Quotation,
    QuotationCitation,
    QuotationQuerySet,
)
from films.models.reception import (  # noqa: F401
    AggregateScore,
    AggregateScoreCitation,
    Review,
    ReviewCitation,
    ReviewQuerySet,
    ReviewQuote,
    ReviewQuoteManager,
    TopTenEntry,
    TopTenEntryCitation,
    TopTenList,
)
from films.models.releases import (  # noqa: F401
    BoxOfficeFigure,
    BoxOfficeFigureCitation,
    Qualifier,
    Release,
    ReleaseCitation,
)
from films.models.sources import (  # noqa: F401
    Disagreement,
    DisagreementQuerySet,
    Source,
    SourceAuthor,
    SourceAuthorManager,
    SourceQuerySet,
    SourceSection,
    SourceSectionManager,
)
