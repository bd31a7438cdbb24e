"""Settings for the union bulletin site.

Everything that differs between a laptop and a production server is read from
the environment; the defaults are safe for development only. With ``DEBUG``
off, ``SECRET_KEY`` must be set and the security settings below switch on, so
that ``manage.py check --deploy`` passes.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsletter import release

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Serve static files through whitenoise in development too, like production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "reversion",
    "axes",
    "csp",
    "editorial",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored reading pages for anonymous readers, answered before the rest of the
    # stack runs; pages are stored after it has run (editorial/reading/pagecache.py).
    "editorial.reading.pagecache.ReadingCacheMiddleware",
    # A database that cannot be reached gives the 503 page, never a traceback.
    "editorial.http.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Values no view can use (an empty _to_field, a number SQLite cannot hold) are a 400.
    "editorial.http.middleware.MalformedRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the final authentication outcome of every request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsletter.urls"

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
                "editorial.http.context_processors.bulletin",
            ],
            # Template tags live with their concern, not in a flat templatetags/.
            "libraries": {
                "reading": "editorial.reading.templatetags.reading",
                "frame": "editorial.reading.templatetags.frame",
                "editorial_office": "editorial.admin.templatetags.editorial_office",
                "people": "editorial.content.people",
                "headlines": "editorial.content.headlines",
            },
        },
    },
]

WSGI_APPLICATION = "newsletter.wsgi.application"

# Database: DATABASE_URL, or a SQLite file beside manage.py. Connections are
# kept open between requests (CONN_MAX_AGE) and health-checked before reuse,
# so a restarted PostgreSQL is picked up again without restarting the app.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: wait for a writer instead of failing at once, and use WAL so
    # that readers do not block the importer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
if os.environ.get("DATABASE_TEST_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# A fingerprint of the code, templates and static files: shared-cache keys carry it,
# so a deployment never serves pages rendered by the release before (release.py).
RELEASE = os.environ.get("RELEASE") or release.fingerprint(BASE_DIR)


def _cache_from_url(url: str) -> dict:
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "newsletter.redis_cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"bulletin:{RELEASE}",
        }
    if url.startswith("locmem://") or not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bulletin"}
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"Unsupported CACHE_URL scheme: {url!r}")


CACHES = {"default": _cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}
# With Redis, new version tokens of reading pages are published to every process, so
# that checking a stored page needs no round trip (editorial/reading/invalidation.py).
READING_TOKENS_PUSHED = env_bool("READING_TOKENS_PUSHED", True)

# Sessions live in the database (read through the cache), so they work across app servers.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Tags typed with Chinese separators (，、；) are several tags, as with commas.
TAGGIT_TAGS_FROM_STRING = "editorial.content.tagging.parse_tags"

LOGIN_URL = "editorial:sign_in"

# Internationalisation: the UI speaks Simplified Chinese.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files the site keeps, through the default storage: submissions' attachments,
# the signed issues' PDF and Word files and the articles' pictures. A deployment
# with several app servers points it at shared or object storage. Nothing in it
# is served directly (no MEDIA_URL, and the web server must not serve it): the
# views that hand the files out apply their rules (a picture: its issue's
# reading rule, editorial.reading.views.article_picture).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
SUBMISSION_ATTACHMENT_LIMIT = int(os.environ.get("SUBMISSION_ATTACHMENT_LIMIT", 10 * 1024 * 1024))
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

# The bulletin's identity is configuration, not code.
BULLETIN = {
    "TITLE": os.environ.get("BULLETIN_TITLE", "工会工作简报"),
    "PUBLISHER": os.environ.get("BULLETIN_PUBLISHER", "市总工会办公室"),
    "DEFAULT_DISTRIBUTION": env_list(
        "BULLETIN_DEFAULT_DISTRIBUTION",
        [
            "市四套班子有关领导",
            "全总办公厅",
            "省总工会",
            "各市（县）、区、局（公司）工会",
            "各直属单位工会",
            "市各有关部门",
        ],
    ),
}

# Sign-in throttling (django-axes): repeated failures lock an account at the
# address they came from (union offices sit behind one NAT address: one person's
# failures must not lock out the colleagues), and an account from every address
# after more failures from anywhere (editorial/http/security.py), for a while.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
SIGN_IN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ACCOUNT_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "editorial.http.security.SignInAttempts"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "editorial.http.security.lockout_response"
# Behind N reverse proxies the client's address is read from X-Forwarded-For
# (see editorial/http/security.py); 0 means "use the peer address".
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "editorial.http.security.client_ip"

# Content-Security-Policy (django-csp): no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
    # The Django admin uses inline scripts and styles; the reading site does not.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
}

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Behind a reverse proxy that terminates TLS, e.g. "HTTP_X_FORWARDED_PROTO,https".
    _proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "")
    if _proxy_header:
        SECURE_PROXY_SSL_HEADER = tuple(part.strip() for part in _proxy_header.split(",", 1))
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "bulletin@localhost")
# SMTP, when EMAIL_BACKEND is the SMTP backend (the default with DEBUG off).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# The site's own address, for the links in emails (sent outside any request too).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
