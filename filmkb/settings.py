"""Film KB settings: one file, every knob an environment variable.

Defaults work on a fresh checkout (SQLite in the project folder, DEBUG on).
Set DJANGO_ENV=production to switch on the production safety checks; bad
values stop start-up with ImproperlyConfigured naming the variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def env_int(name, default, minimum=0):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def env_float(name, default, minimum=0.0):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds; got {raw!r}.") from None
    if not value >= minimum:  # also refuses nan
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {raw!r}.")
    return value


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be development, production or test; got {DJANGO_ENV!r}."
    )
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-for-production-use-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters in production."
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "reversion",
    "csp",
    "axes",
    "filmkb",
    "people",
    "films",
    "awards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "filmkb.middleware.ContentSecurityPolicyMiddleware",  # django-csp's, policy built once
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "filmkb.middleware.CompressionMiddleware",  # outside CSRF and sessions: sees their cookies
    "filmkb.middleware.TooManyParametersMiddleware",  # before anything reads request.GET
    "filmkb.middleware.DatabaseUnavailableMiddleware",  # outside everything that queries
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
    "filmkb.cache.PageCacheMiddleware",  # last: outer middleware still runs on cached pages
]

ROOT_URLCONF = "filmkb.urls"
DEFAULT_EXCEPTION_REPORTER = "filmkb.middleware.ExceptionReporter"  # no debug page for outages
WSGI_APPLICATION = "filmkb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
_DEFAULT_DB_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
_db_url = os.environ.get("DATABASE_URL", "").strip() or _DEFAULT_DB_URL
try:
    _db = dj_database_url.parse(
        _db_url, conn_max_age=env_int("CONN_MAX_AGE", 600), conn_health_checks=True
    )
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if _db["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured(
        f"DATABASE_URL must point at SQLite or PostgreSQL; got engine {_db['ENGINE']!r}."
    )
# Bounded waits: no request waits on the database for ever. A server that does not
# complete the connection in DATABASE_CONNECT_TIMEOUT seconds, a statement that runs
# past DATABASE_STATEMENT_TIMEOUT (cancelled by PostgreSQL itself; 0 switches it off),
# a kept connection whose server stops answering (DATABASE_REPLY_TIMEOUT: the health
# check and every query are watched, filmkb/middleware.py) and a SQLite write lock held
# past SQLITE_BUSY_TIMEOUT all end in OperationalError, which readers see as the 503
# page with Retry-After.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=2)  # libpq's minimum
DATABASE_STATEMENT_TIMEOUT = env_float("DATABASE_STATEMENT_TIMEOUT", 15.0)
DATABASE_REPLY_TIMEOUT = env_float("DATABASE_REPLY_TIMEOUT", 1.5, minimum=0.1)
SQLITE_BUSY_TIMEOUT = env_float("SQLITE_BUSY_TIMEOUT", 20.0)
DATABASE_PREPARE_THRESHOLD = env_int("DATABASE_PREPARE_THRESHOLD", 2)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # The connection is kept (CONN_MAX_AGE, as for PostgreSQL): opening the file and
    # running these PRAGMAs on every request cost more than serving a cached page.
    # init_command runs once per new connection, not per request.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT,
    }
else:
    _options = _db.setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    # Server-side prepared statements: a query run DATABASE_PREPARE_THRESHOLD times on a
    # connection is prepared, so PostgreSQL stops planning it on every request
    # (planning cost more than running a page's small indexed queries). 0 switches it
    # off, e.g. behind a transaction-pooling PgBouncer without prepared-statement support.
    if DATABASE_PREPARE_THRESHOLD:
        _options.setdefault("server_side_binding", True)
        _options.setdefault("prepare_threshold", DATABASE_PREPARE_THRESHOLD)
    if DATABASE_STATEMENT_TIMEOUT:
        _statement_ms = round(DATABASE_STATEMENT_TIMEOUT * 1000)
        _options["options"] = f"{_options.get('options', '')} -c statement_timeout={_statement_ms}"
        _options["options"] = _options["options"].strip()
DATABASES = {"default": _db}

# Cache: local memory per process by default; Redis (shared by every server
# behind a load balancer) when REDIS_URL is set. Public pages are cached whole
# under the knowledge-base version (filmkb/cache.py); PAGE_CACHE=0 turns that off.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL must start with redis://, rediss:// or unix://; got {REDIS_URL!r}."
    )
# A Redis that is down or silent is waited on for at most REDIS_CONNECT_TIMEOUT /
# REDIS_SOCKET_TIMEOUT seconds; then the cache counts as a miss for REDIS_RETRY_SECONDS
# (pages are rendered, not cached) and is tried again, so caching resumes by itself.
REDIS_CONNECT_TIMEOUT = env_float("REDIS_CONNECT_TIMEOUT", 0.5, minimum=0.01)
REDIS_SOCKET_TIMEOUT = env_float("REDIS_SOCKET_TIMEOUT", 0.5, minimum=0.01)
REDIS_RETRY_SECONDS = env_float("REDIS_RETRY_SECONDS", 5.0)
CACHES = {
    "default": (
        {
            "BACKEND": "filmkb.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
                "retry_seconds": REDIS_RETRY_SECONDS,
            },
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000, minimum=1)},
        }
    )
}
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 3600, minimum=1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names, .gz/.br copies, far-future caching (filmkb/storage.py).
    "staticfiles": {"BACKEND": "filmkb.storage.StaticFilesStorage"},
}

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
LOGIN_URL = "admin:login"

# Plain texts of sources, for the coverage report (manage.py source_coverage and the
# admin's "Source coverage" page): SOURCE_TEXTS="<source key>=<path>,..." (paths
# relative to the project folder or absolute). The project never stores a source's
# text; by default the article's text is used from ../shared/source/ if it is there.
_ARTICLE_TEXT = BASE_DIR.parent / "shared" / "source" / "her-2013-film-article.txt"


def env_source_texts(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    texts = {}
    for item in filter(None, (part.strip() for part in raw.split(","))):
        key, sep, path = item.partition("=")
        if not sep or not key.strip() or not path.strip():
            raise ImproperlyConfigured(
                f"{name} must be a comma-separated list of <source key>=<path>, got {item!r}"
            )
        texts[key.strip()] = (BASE_DIR / path.strip()).resolve()
    return texts


SOURCE_TEXTS = env_source_texts(
    "SOURCE_TEXTS", {"wikipedia-her-film": _ARTICLE_TEXT} if _ARTICLE_TEXT.exists() else {}
)

# Production safety, switched by environment.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# A load balancer's health check speaks plain HTTP to the server: it must see 200 or 503.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", PRODUCTION) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "filmkb.views.csrf_failure"  # styled 403 that says what to do

# Content-Security-Policy (django-csp): nothing inline may run or style the page.
# JSON-LD <script type="application/ld+json"> blocks are data, never executed, so
# they need no nonce. Django's admin has no inline scripts or styles either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Admin login lockout (django-axes): AXES_FAILURE_LIMIT failed logins for one
# username from one address lock that pair out for AXES_COOLOFF_MINUTES. Keyed on
# the pair rather than the address alone because behind a proxy every client
# shares one address. Every failure and lockout is a warning from the "axes" logger,
# which reaches the console through the root logger below.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = []  # log the username and address (never the password: always masked)
AXES_LOCKOUT_CALLABLE = "filmkb.lockout.lockout_response"
# Reverse proxies in front of the site that append to X-Forwarded-For. 0: the
# client's address is the socket's and X-Forwarded-For is ignored; N: it is the
# N-th entry from the right of X-Forwarded-For (filmkb/lockout.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "filmkb.lockout.client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "filmkb.logs.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # A request for a host the site does not serve is a scanner's, not a bug: one
        # line per request (it answers 400), not a traceback.
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
}
