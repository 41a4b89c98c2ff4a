"""Settings, read from the environment (django-environ) with embedded defaults.

With no variable set the project runs on SQLite in the project folder and Celery tasks run
eagerly in-process. ``DATABASE_URL`` and ``CELERY_BROKER_URL`` switch to PostgreSQL and Redis.
``DJANGO_PRODUCTION=true`` is the deployment mode: it refuses to start without
``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` and turns on the HTTPS hardening that
``manage.py check --deploy`` asks for.
"""

import re
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

PRODUCTION = env.bool("DJANGO_PRODUCTION", default=False)
DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

#: Known to everyone who reads this file: good for a laptop, refused in production.
DEVELOPMENT_SECRET_KEY = "development-only-key-f3b9c1e7a2d84f5b9e6c0a1d7b3f8e2c4a9d6b1e0f7c3a5"

if PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_PRODUCTION is set: DJANGO_SECRET_KEY must be set too.")
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_PRODUCTION is set: DJANGO_SECRET_KEY is the published development key; "
            "generate a secret one."
        )
    # Django's own bar (check --deploy, security.W009), held at start-up rather than warned of.
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            "DJANGO_PRODUCTION is set: DJANGO_SECRET_KEY is too weak (it needs at least 50 "
            "characters, of at least 5 different ones); generate one, e.g. with python -c "
            "'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_PRODUCTION is set: DJANGO_ALLOWED_HOSTS must list the site's host names."
        )
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
    ALLOWED_HOSTS = env.list(
        "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
    )

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: its admin classes extend Django's.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_countries",
    "django_celery_results",
    "django_celery_beat",
    "ceremony",
    "delegations",
    "sessions.apps.ProgrammeConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ceremony.views.middleware.EventTimezoneMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into a clear answer.
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Every page, the admin's and the API docs' included, runs only the project's own files: no
# inline script or style, nothing from another origin, no framing. Badge photos are data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The one style attribute of django-simple-history's history page, by its hash.
        "style-src-attr": [UNSAFE_HASHES, "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

#: A source expression of ``frame-ancestors`` (CSP 3): ``*``, a scheme (``https:``), or an origin
#: with an optional wildcard subdomain and port (``https://*.gov.vn``, ``http://localhost:8080``).
FRAME_ANCESTOR = re.compile(
    r"\*|https?:|https?://(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:(\d{1,5}|\*))?",
    re.IGNORECASE,
)


def frame_ancestors(variable, default):
    """Who may frame the programme's embed pages (``/<language>/events/<slug>/embed/``): a
    comma-separated list from the environment, checked at start-up so that a typo cannot slip
    a broken or wider policy into the header. The site itself always may (for the preview)."""
    sources = [source.strip() for source in env.list(variable, default=default) if source.strip()]
    wrong = [source for source in sources if not FRAME_ANCESTOR.fullmatch(source)]
    if wrong or not sources:
        raise ImproperlyConfigured(
            f"{variable} must list origins such as https://www.example.gov, https: or *, "
            f"separated by commas, not {wrong or sources!r}."
        )
    return [SELF, *sources]


# Only the embed pages may be framed, by the sites listed here (any https site by default): every
# other page keeps frame-ancestors 'none' and X-Frame-Options DENY.
WIDGET_FRAME_ANCESTORS = frame_ancestors("DJANGO_WIDGET_FRAME_ANCESTORS", ["https:"])

# The browser features no page uses are switched off; the door page scans badges with the camera.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": ["self"],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# In production each web process keeps its connection (a new one costs milliseconds on every
# request), checked before reuse so that one dropped by the server is replaced, not failed on.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DATABASE_CONN_MAX_AGE", default=60 if PRODUCTION else 0
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, so that psycopg prepares the statements a connection runs
    # again and again (the registration path: PostgreSQL plans each once, not on every request).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env.bool(
        "DATABASE_SERVER_SIDE_BINDING", default=True
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttle counters, rendered feeds and other shared short-lived state: per process by default;
# set CACHE_URL=redis://... in production so that every web process shares them. On Redis
# (django-redis) a cache that cannot be reached is a miss, never an error: pages and the API
# keep answering while Redis is down (rate limits are then not counted).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}
    )
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Each web process's own memory, for what may be a few seconds stale (the rendered public feeds).
CACHES["process"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "process",
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Datetimes are stored aware, in UTC; pages show them in each event's own time zone.
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
# The six official UN languages, plus Vietnamese as the host language of the reference event.
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
    ("vi", _("Vietnamese")),
]
UN_LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")
# Dates as the UN writes them in English and Arabic (config/formats); Django's elsewhere.
FORMAT_MODULE_PATH = ["config.formats"]

# Content in every language (django-modeltranslation): an event's name and theme, venue and room
# names, session titles and descriptions have a column per language; a page, the API and every
# export read them in the reader's language, falling back to English where a translation is
# missing. English is the language every record is first written in (and required).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# English first (the admin's first tab), then the other UN languages, then Vietnamese.
MODELTRANSLATION_LANGUAGES = ("en", "ar", "zh-hans", "fr", "ru", "es", "vi")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# A record created with a text in any language also gets it as its English text (required).
MODELTRANSLATION_AUTO_POPULATE = "default"
# Slugs are made from the English title; the admin's language tabs use jQuery UI, vendored from
# the npm registry by `make vendor` (modeltranslation's default is a CDN, which no page loads).
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Country names as the United Nations write them (UNTERM short names), everywhere a country is
# shown: ISO 3166's names (Viet Nam, Russian Federation, Iran (Islamic Republic of)), not
# django-countries' common ones (Vietnam, Russia, Iran), with the few ISO forms the UN orders
# otherwise. django-countries translates the ISO names; the project's catalogues these.
COUNTRIES_COMMON_NAMES = False
COUNTRIES_OVERRIDE = {
    "BS": _("Bahamas"),
    "CD": _("Democratic Republic of the Congo"),
    "KP": _("Democratic People's Republic of Korea"),
    "KR": _("Republic of Korea"),
    "MD": _("Republic of Moldova"),
    "PS": _("State of Palestine"),
    "TZ": _("United Republic of Tanzania"),
}
LOCALE_PATHS = [BASE_DIR / "locale"]

# The site's public address, for what is written without a request to take it from: the
# exports' base_url and session links (written by Celery workers).
PUBLIC_URL = env.str("DJANGO_PUBLIC_URL", default="http://localhost:8000/")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
for _public_name, _public_root in (
    ("DJANGO_MEDIA_ROOT", MEDIA_ROOT),
    ("DJANGO_STATIC_ROOT", STATIC_ROOT),
):
    # A private file under a folder that is served publicly would have a public URL after all.
    if Path(PRIVATE_MEDIA_ROOT).resolve().is_relative_to(Path(_public_root).resolve()):
        raise ImproperlyConfigured(
            f"DJANGO_PRIVATE_MEDIA_ROOT must not be inside {_public_name}: private files would "
            "be served publicly."
        )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "config.core.storages.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env.str("EMAIL_URL", default=""):
    # An SMTP server with its password, e.g. smtp+tls://user:password@mail.example.org:587:
    # secrets come from the environment, never from a file in the repository.
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="events@localhost")
# The folder of the file-based backend (EMAIL_BACKEND=django.core.mail.backends.filebased...):
# messages written to disk, e.g. by a test's Celery worker, to be read back.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="") or None

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-ins after repeated failures (guessing).
    "axes.backends.AxesStandaloneBackend",
    # Django's, but the e-mail a focal point signs in with is matched whatever its case.
    "config.core.auth.CaseInsensitiveModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# Wrong passwords from every address together that lock an account everywhere, until the
# cool-off ends or its owner resets the password (config.core.auth).
SIGN_IN_ACCOUNT_FAILURE_LIMIT = env.int("SIGN_IN_ACCOUNT_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
# The same client address as the throttles count by: never an X-Forwarded-For the client wrote.
AXES_CLIENT_IP_CALLABLE = "config.core.throttling.client_address"
# Failures counted under the name without its case: Guess@… and guess@… are one account.
AXES_USERNAME_CALLABLE = "config.core.auth.sign_in_username"
AXES_LOCKOUT_CALLABLE = "config.core.throttling.sign_in_locked_out"
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:login"

THROTTLE_RATE = re.compile(r"\d+/(s|sec|m|min|h|hour|d|day)")


def throttle_rate(variable, default):
    """A rate such as ``600/min`` from the environment, checked at start-up rather than
    failing on the first request."""
    rate = env.str(variable, default=default).strip()
    if not THROTTLE_RATE.fullmatch(rate):
        raise ImproperlyConfigured(f"{variable} must be a rate such as 600/min, not {rate!r}.")
    return rate


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 in JSON, not Django's HTML 400.
    "EXCEPTION_HANDLER": "config.core.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's parsers, but JSON nested too deeply to parse is a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "config.core.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Per account when signed in, per client address otherwise (config.core.throttling).
    "DEFAULT_THROTTLE_CLASSES": [
        "config.core.throttling.AnonRateThrottle",
        "config.core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "sign_in": throttle_rate("SIGN_IN_THROTTLE_RATE", "10/min"),
        "anon": throttle_rate("API_ANON_THROTTLE_RATE", "60/min"),
        "user": throttle_rate("API_USER_THROTTLE_RATE", "300/min"),
        # Door staff scan fast, often several doors on one login: a busy door never waits.
        "check_in": throttle_rate("CHECK_IN_THROTTLE_RATE", "3000/min"),
        # The public feeds and list of signatories: cached, and a whole venue may share one
        # address behind its NAT, so only a runaway client ever reaches this.
        "public": throttle_rate("PUBLIC_THROTTLE_RATE", "600/min"),
    },
    # Behind a reverse proxy, the client is the address the proxy saw (X-Forwarded-For);
    # production assumes one proxy (it trusts X-Forwarded-Proto already).
    "NUM_PROXIES": env.int("DJANGO_NUM_PROXIES", default=1 if PRODUCTION else 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Treaty event planner API",
    "DESCRIPTION": "Delegations, delegates and accreditation for treaty events.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DelegationKindEnum": "delegations.models.DelegationKind",
        "SessionKindEnum": "sessions.models.SessionKind",
    },
}

FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Celery: with no broker configured, tasks run eagerly in-process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = not env.str("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# A task is acknowledged when it has finished, not when it starts: if the worker dies midway
# the message goes back to the queue (at once when only the pool process died, after the
# visibility timeout when the whole worker did) and the task, idempotent, runs again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
}
# With the broker down a web request waits about a second, not minutes, before it says so.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_TRACK_STARTED = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Entries here are synced into django-celery-beat's tables when beat starts.
CELERY_BEAT_SCHEDULE = {
    "attendance-snapshots": {
        "task": "sessions.tasks.attendance_snapshots_all",
        "schedule": timedelta(minutes=5),
        # A run that waited longer than its period is stale: the next one replaces it.
        "options": {"expires": 5 * 60},
    },
    # Jobs asked for while the broker was down, or whose message was lost with it, are handed
    # to the workers again; a job already done or running is left alone (the tasks check).
    "jobs-redispatch": {
        "task": "sessions.tasks.jobs_redispatch",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 60},
    },
    # Webhooks due (a first try whose message was lost, a retry whose pause is over) are
    # handed to the workers; one already delivered, or not due, is left alone (the task checks).
    "webhooks-due": {
        "task": "ceremony.tasks.webhook_deliveries_dispatch",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 60},
    },
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A pending job handed to the broker this long ago may have lost its message (Redis restarted
# without saving): the sweeper hands it over again; the task does the work only once.
JOBS_REDISPATCH_AFTER_SECONDS = env.int("JOBS_REDISPATCH_AFTER_SECONDS", default=600)

# Webhooks go to https:// addresses that resolve to public addresses only, checked when an
# endpoint is saved and again on each delivery (config/core/webhooks.py). A development machine,
# the demo and the tests send them to http://127.0.0.1: allowed only outside production.
WEBHOOKS_ALLOW_PRIVATE_URLS = env.bool("WEBHOOKS_ALLOW_PRIVATE_URLS", default=not PRODUCTION)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "sessions.scheduling": {"level": "WARNING"},
    },
}

if PRODUCTION:
    # WhiteNoise serves the collected static files (collectstatic) right after security.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
