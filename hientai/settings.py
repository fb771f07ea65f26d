"""Settings, read strictly from environment variables (see .env.example).

Two profiles: the default `local` one (what `make run` and the tests use) and
`production` (HIENTAI_PROFILE=production), which turns on every HTTPS and cookie
hardening that `hientai check --deploy` looks for.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("HIENTAI_VAR_DIR", PROJECT_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    """A boolean from the environment; anything but the usual spellings is refused, so a
    typo such as DEBUG=flase never silently means False."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use 1/0, true/false, yes/no or on/off."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PROFILES = ("local", "production")
PROFILE = os.environ.get("HIENTAI_PROFILE", "local").strip() or "local"
if PROFILE not in PROFILES:
    raise ImproperlyConfigured(
        f"HIENTAI_PROFILE={PROFILE!r} is unknown: use one of {', '.join(PROFILES)}."
    )
PRODUCTION = PROFILE == "production"
SECRET_KEY_FILE = VAR_DIR / "secret_key"


def _secret_key() -> str:
    """SECRET_KEY when given; else the key `hientai` keeps in var/ (written by the command
    line, never at import: see hientai/__main__.py). In production a missing key is a
    system-check error (core/checks.py); the throwaway key only lets that check run."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if not PRODUCTION and SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text().strip()
    return "unset-" + secrets.token_urlsafe(48)


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hientai.accounts.admin_apps.HientaiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "hientai.core",
    "hientai.accounts",
    "hientai.orgs",
    "hientai.catalogs",
    "hientai.registry",
    "hientai.quality",
    "hientai.search",
    "hientai.talent",
    "hientai.plans",
    "django_tasks_db",
    "hientai.jobs",
    "hientai.exchange",
    "hientai.dedup",
    "hientai.indicators",
    "hientai.reporting",
    # Putting the talent to use (issue 18) and the national exchange (issue 19).
    "hientai.opportunities",
    "hientai.support",
    "hientai.honours",
    "hientai.interop",
    # Security (issue 12): backup/restore commands; login lockout and log (axes); the
    # optional TOTP second factor (django-otp); session limits and headers.
    "hientai.backup",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # API clients of other systems (issue 19): OAuth2 client credentials.
    "oauth2_provider",
    "hientai.security",
    # Personal-data protection (issue 12): above the registry, nothing below imports it.
    "hientai.dataprotection",
    # The public face (issue 19): experts' self-service and the public portal.
    "hientai.selfservice",
    "hientai.portal",
    "hientai.demo",
    "hientai.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # "Database busy" (SQLite's write lock) -> 503 "try again", not 500 (core/db.py).
    "hientai.core.middleware.BusyDatabaseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hientai.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Security (issue 12), see the "Logins and sessions" block below.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hientai.security.middleware.SessionLimitsMiddleware",
    "hientai.security.middleware.SecondFactorMiddleware",
    "hientai.security.middleware.SecurityHeadersMiddleware",
    "hientai.security.uploads.UploadLimitMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes requires
]

ROOT_URLCONF = "hientai.urls"
WSGI_APPLICATION = "hientai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hientai.site.context_processors.shell",
            ],
        },
    },
]


def _database() -> dj_database_url.DBConfig:
    url = os.environ.get("DATABASE_URL")
    if not url:  # the folder is made by the `hientai` command (hientai/__main__.py)
        url = f"sqlite:///{VAR_DIR / 'hientai.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Django's backend with one fix (hientai/core/sqlite3: the JSON feature probe must
        # not need the write lock).
        config["ENGINE"] = "hientai.core.sqlite3"
        # WAL lets the web server read while an import writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions. A writer waits
        # up to HIENTAI_SQLITE_BUSY_MS for the lock (an import holds it only for its short
        # final write step, docs/ARCHITECTURE.md), then gets the "busy, try again" page.
        busy_ms = int(os.environ.get("HIENTAI_SQLITE_BUSY_MS") or 15000)
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                f"PRAGMA busy_timeout={busy_ms}; PRAGMA foreign_keys=ON;"
            ),
            "timeout": busy_ms / 1000,
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "hientai.security.validators.LengthValidator",
        "OPTIONS": {"min_length": 12},  # issue 12
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "hientai.security.validators.VietnameseCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first; English is the second language of every screen.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Django 6.1 mailers: SMTP options only make sense for the SMTP backend.
# Reminders (issue 15) go out by mail: into files under var/mail by default (one file per
# run of the mailer), by SMTP once EMAIL_BACKEND names it (production does by default).
_MAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
_MAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
_MAIL_OPTIONS: dict = {}
if _MAIL_BACKEND.endswith("filebased.EmailBackend"):
    _MAIL_OPTIONS = {"file_path": _MAIL_FILE_PATH}
if _MAIL_BACKEND.endswith("smtp.EmailBackend"):
    _MAIL_OPTIONS = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
    }
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hientai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in reminders point to.
HIENTAI_BASE_URL = os.environ.get("HIENTAI_BASE_URL", "http://127.0.0.1:8000")

# ---- Logins and sessions (issue 12) -------------------------------------------------
# django-axes counts failed logins by account and by address (either one locks) and
# logs every attempt: successes in AccessLog, failures (also while locked) in
# AccessFailureLog. The lockout ends after AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "hientai.security.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Single sign-on with the province's identity provider (issue 19; hientai.accounts.oidc):
# OpenID Connect, authorization-code flow, RS256 id_tokens checked against the provider's
# JWKS. Off unless the client id and the provider's endpoints are set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")  # checked against the id_token's iss
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_ROLES_CLAIM = os.environ.get("OIDC_ROLES_CLAIM", "hientai_roles")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 15
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
OIDC_ENABLED = bool(
    OIDC_RP_CLIENT_ID
    and OIDC_OP_AUTHORIZATION_ENDPOINT
    and OIDC_OP_TOKEN_ENDPOINT
    and OIDC_OP_USER_ENDPOINT
    and OIDC_OP_JWKS_ENDPOINT
)
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("hientai.accounts.oidc.ProvinceOIDCBackend")
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = int(os.environ.get("AXES_COOLOFF_MINUTES", "30")) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
# Behind a reverse proxy, set AXES_IPWARE_PROXY_COUNT so the client's address is counted.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0")) or None
# Idle timeout and an absolute limit from the login (hientai.security.middleware).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_MAX_AGE = int(os.environ.get("SESSION_MAX_HOURS", "10")) * 3600
SESSION_COOKIE_AGE = SESSION_MAX_AGE
OTP_TOTP_ISSUER = "hientai"
# OAuth2 for other systems (issue 19): confidential clients with the client-credentials
# grant only (`hientai api-client create`), one-hour tokens; secrets are stored hashed.
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("HIENTAI_OAUTH_TOKEN_SECONDS", "3600")),
    "SCOPES": {"read": "Read", "write": "Write"},
    "DEFAULT_SCOPES": ["read", "write"],
    # RFC 9700 (OAuth 2.0 Security BCP): only client credentials are used; the compliant
    # behaviour everywhere (no implicit or password grant, no plain PKCE, tokens hashed,
    # never in the query string, https redirects only).
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# A strict Content-Security-Policy: no inline script, style or eval anywhere.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Uploads (issue 12): a body bigger than the biggest accepted file is refused from its
# Content-Length (413, nothing read or stored); file data is counted while it streams.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "100")) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "hientai.security.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# -------------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Background jobs (imports, reports): Django's tasks framework with the database backend of
# django-tasks-db, so a worker (`hientai db_worker`, started by `hientai serve`) needs no
# broker. Tests switch to the immediate backend in tests/conftest.py where they need to.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Job files (uploads, exports, import reports) hold personal data: a worker deletes them
# this many days after their job finished (jobs.services.prune_files; data app).
JOBS_RETENTION_DAYS = int(os.environ.get("HIENTAI_JOBS_RETENTION_DAYS") or 30)

# ---- National exchange (issue 19; hientai.interop, docs/INTEROP.md) ---------------------
# Endpoints are kept on the exchange page (/interop/); their tokens are read from the
# environment variable each endpoint names (never stored in the database).
INTEROP_SENDER = os.environ.get("HIENTAI_INTEROP_SENDER", "hientai-dong-nai")
INTEROP_BACKOFF_SECONDS = float(os.environ.get("HIENTAI_INTEROP_BACKOFF_SECONDS", "2"))
INTEROP_TIMEOUT_SECONDS = float(os.environ.get("HIENTAI_INTEROP_TIMEOUT_SECONDS", "30"))
