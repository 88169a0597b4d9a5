"""Lotse settings, read from the environment. Every variable is documented in README.md."""

import json
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lotse.lib.env import env_bool, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("LOTSE_TESTING", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set unless DEBUG=1.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

_default_reference = BASE_DIR.parent / "shared" / "reference"
LOTSE_REFERENCE_DIR = env_path(
    "LOTSE_REFERENCE_DIR", _default_reference if _default_reference.exists() else None
)

INSTALLED_APPS = [
    # Lotse's apps come first so that their German translations win over Django's own where
    # the same English word is used ("Save" is "Speichern" here, "Sichern" in Django's admin).
    "lotse.accounts",
    "lotse.reference",
    "lotse.audit",
    "lotse.cases",
    "lotse.journal",
    "lotse.employers",
    "lotse.placements",
    "lotse.matching",
    "lotse.events",
    "lotse.reporting",
    "lotse.demo",
    "lotse.ops",
    "lotse.privacy",
    "lotse.imports",
    "lotse.jobsuche",
    "lotse.api",
    "lotse.documents",
    "lotse.letters",
    "lotse.cv",
    # The admin on a site that demands the second factor (lotse/accounts/admin_site.py).
    "lotse.accounts.apps.LotseAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id (lotse/ops/logs.py).
    "lotse.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lotse.accounts.middleware.PrivateResponseHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lotse.accounts.middleware.SessionIdleTimeoutMiddleware",
    "lotse.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Writes one "view" audit row for the people a page showed (lotse/audit/middleware.py).
    "lotse.audit.middleware.AuditViewMiddleware",
    # Last, so that it turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lotse.urls"
WSGI_APPLICATION = "lotse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lotse" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lotse.lib.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        # A connection the database dropped (restart, failover) is replaced before the next
        # request uses it, instead of failing that request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("LOTSE_DB_PREPARED_STATEMENTS", True):
    # PostgreSQL plans each query again on every request; the scoped reads join 5-8 tables,
    # and planning them cost more than running them (docs/performance.md, "Prepared
    # statements"). With parameters bound by the server, psycopg prepares a query the second
    # time a connection sends it, and PostgreSQL keeps its plan for the connection's life.
    # Off (0) behind a pooler in transaction mode that cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lotse" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
FORMAT_MODULE_PATH = ["lotse.formats"]  # English dates day-first (lotse/formats/en)
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("LOTSE_STATIC_ROOT", BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "lotse" / "static"]
# In production static files get hashed names (cached for a year) and gzip/Brotli copies, made
# by `collectstatic`. Development and the tests serve them unhashed from the app folders, so
# `make demo` and `make test` need no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    # Documents on the case file (lotse/documents): a private folder outside static and media,
    # served only through the scoped, audited download view. LOTSE_DOCUMENTS_STORAGE names
    # another storage class (e.g. "storages.backends.s3.S3Storage" for an S3-compatible store,
    # once django-storages is installed) with its options as JSON in
    # LOTSE_DOCUMENTS_STORAGE_OPTIONS; see README.md "Production".
    "documents": {
        "BACKEND": env_str(
            "LOTSE_DOCUMENTS_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(env_str("LOTSE_DOCUMENTS_STORAGE_OPTIONS", "null"))
        or {
            "location": env_path(
                "LOTSE_DOCUMENTS_ROOT",
                Path(tempfile.gettempdir()) / "lotse-test-documents"
                if TESTING
                else BASE_DIR / "private" / "documents",
            ),
            "base_url": None,
            "directory_permissions_mode": 0o700,
            "file_permissions_mode": 0o600,
        },
    },
}
# Uploads: a document may have at most LOTSE_DOCUMENT_MAX_MB megabytes (the form says so at the
# field); Django keeps uploads up to 2.5 MB in memory and larger ones in a temporary file, and
# refuses other form bodies over 2.5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE, files not counted).
# nginx's client_max_body_size (deploy/nginx-lotse.conf) must be a little above the limit.
LOTSE_DOCUMENT_MAX_MB = int(env_str("LOTSE_DOCUMENT_MAX_MB", "10"))
# Optional virus scan of every upload by ClamAV's clamd (INSTREAM): a Unix socket, or host and
# port. Unset: no scan.
LOTSE_CLAMD_SOCKET = env_str("LOTSE_CLAMD_SOCKET")
LOTSE_CLAMD_HOST = env_str("LOTSE_CLAMD_HOST")
LOTSE_CLAMD_PORT = int(env_str("LOTSE_CLAMD_PORT", "3310"))
LOTSE_CLAMD_TIMEOUT = float(env_str("LOTSE_CLAMD_TIMEOUT", "30"))
# What a mentor's calendar feed shows of a mentee by default (each feed may choose):
# "neutral" ("Appointment (Lotse)") or "initials" (kind of appointment and the initials).
LOTSE_CALENDAR_TITLES = env_str("LOTSE_CALENDAR_TITLES", "neutral")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # the absolute lifetime; LOTSE_SESSION_IDLE_MINUTES the idle one
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    # Cookies only over HTTPS. LOTSE_SECURE_COOKIES=0 only for a benchmark on loopback over
    # plain HTTP (`check --deploy` warns then); behind a TLS-terminating proxy keep it on.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("LOTSE_SECURE_COOKIES", not TESTING)
    SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # The header by which the TLS-terminating proxy tells that the request came over HTTPS
    # (the proxy must set it on every request); empty when Lotse is not behind such a proxy.
    _proxy_ssl_header = env_str("LOTSE_PROXY_SSL_HEADER", "X-Forwarded-Proto")
    if _proxy_ssl_header:
        SECURE_PROXY_SSL_HEADER = (
            "HTTP_" + _proxy_ssl_header.upper().replace("-", "_"),
            "https",
        )
# Load balancers and monitoring call the health endpoint over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Vacancies from the BA job board (lotse/jobsuche) -------------------------------------------
# The Jobsuche API and its public client id; "stub:" answers from the local stub (the demo).
LOTSE_BA_JOBSUCHE_URL = env_str(
    "LOTSE_BA_JOBSUCHE_URL", "https://rest.arbeitsagentur.de/jobboerse/jobsuche-service"
)
LOTSE_BA_JOBSUCHE_KEY = env_str("LOTSE_BA_JOBSUCHE_KEY", "jobboerse-jobsuche")
LOTSE_BA_JOBSUCHE_RATE = float(env_str("LOTSE_BA_JOBSUCHE_RATE", "5"))  # requests per second
# Where to search, "place" or "place:radius km" separated by ";"; empty: the projects' districts.
LOTSE_BA_JOBSUCHE_AREAS = env_str("LOTSE_BA_JOBSUCHE_AREAS", "")
LOTSE_BA_JOBSUCHE_STUB_POSTINGS = int(env_str("LOTSE_BA_JOBSUCHE_STUB_POSTINGS", "400"))

# Uploaded spreadsheets waiting to be imported (lotse/imports): a private folder that no URL
# serves, shared by the web and worker machines; files are deleted after the import or a day.
LOTSE_IMPORT_DIR = env_path("LOTSE_IMPORT_DIR", BASE_DIR / "var" / "imports")
STORAGES["imports"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": LOTSE_IMPORT_DIR, "base_url": None, "file_permissions_mode": 0o600},
}
LOTSE_IMPORT_MAX_BYTES = int(env_str("LOTSE_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
LOTSE_IMPORT_MAX_ROWS = int(env_str("LOTSE_IMPORT_MAX_ROWS", "20000"))

# Logs go to standard error (journald under systemd): one JSON object per line with the request
# id and no personal data (lotse/ops/logs.py); LOG_FORMAT=text for people reading a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "lotse.ops.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "lotse.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # The scheduler's and the jobs' start, end and failures (lotse/ops).
        "lotse.ops": {"level": env_str("LOTSE_JOBS_LOG_LEVEL", "INFO")},
        # django-axes names the user and the address of every failed login in its warnings;
        # the attempts and lockouts are in its database table and on the security desk.
        "axes": {"level": "ERROR"},
    },
}

# Serve static files straight from the app folders while developing and testing.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# HSTS preloading is a commitment each operator makes for their own domain (SECURE_HSTS_PRELOAD).
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The coordinator's published set: with the audit on (the default), no hidden cell can be solved
# for from everything published (docs/reporting.md); it takes minutes on a programme's data and
# runs in the hourly job publish_report. Off (only the demo and the test suite; `check --deploy`
# warns outside debug mode), only the line closure protects the small counts, and the report
# says that its figures must not be passed on.
LOTSE_REPORT_AUDIT = env_bool("LOTSE_REPORT_AUDIT", True)

# --- Login security (lotse/accounts): second factor, throttling, headers, idle sessions -------
# Every user logs in with a second factor (django-otp: an authenticator app, recovery codes).
# Only the demo may switch it off (LOTSE_REQUIRE_2FA=0); `check --deploy` fails on that outside
# debug mode (lotse/accounts/checks.py).
LOTSE_REQUIRE_2FA = env_bool("LOTSE_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Lotse"
OTP_TOTP_THROTTLE_FACTOR = 1  # after wrong codes the app device waits 1, 2, 4, … seconds

# Login throttling per account and per address (django-axes, counted in the database).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(env_str("LOTSE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("LOTSE_LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lotse.accounts.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # failures are counted; successful logins are not logged
AXES_ENABLE_ADMIN = False  # unlocking goes through the audited security desk
AXES_CLIENT_IP_CALLABLE = "lotse.accounts.client_ip.client_ip"
# Number of own reverse proxies in front of Lotse that append to X-Forwarded-For (0: none, the
# connection's address is the client's).
LOTSE_PROXY_COUNT = int(env_str("LOTSE_PROXY_COUNT", "0"))

LOTSE_SESSION_IDLE_MINUTES = int(env_str("LOTSE_SESSION_IDLE_MINUTES", "30"))

# No inline script or style anywhere: scripts and styles come from Lotse's own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
LOTSE_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=()"
)

# The accessibility statement (BITV 2.0 § 7, the EU model statement): who operates this
# installation and answers reported barriers, within how many days, when the pages were last
# checked, and the body a user may turn to when the answer does not satisfy them (federal
# bodies: the Schlichtungsstelle nach § 16 BGG; a state programme names its state's body).
LOTSE_OPERATOR_NAME = env_str("LOTSE_OPERATOR_NAME", "")
LOTSE_OPERATOR_EMAIL = env_str("LOTSE_OPERATOR_EMAIL", "")
LOTSE_OPERATOR_PHONE = env_str("LOTSE_OPERATOR_PHONE", "")
LOTSE_OPERATOR_ADDRESS = env_str("LOTSE_OPERATOR_ADDRESS", "")
LOTSE_ACCESSIBILITY_ANSWER_DAYS = int(env_str("LOTSE_ACCESSIBILITY_ANSWER_DAYS", "14"))
LOTSE_ACCESSIBILITY_CHECKED = env_str("LOTSE_ACCESSIBILITY_CHECKED", "2026-12-01")
LOTSE_ENFORCEMENT_NAME = env_str(
    "LOTSE_ENFORCEMENT_NAME",
    "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (BGG)",
)
LOTSE_ENFORCEMENT_URL = env_str("LOTSE_ENFORCEMENT_URL", "https://www.schlichtungsstelle-bgg.de")
