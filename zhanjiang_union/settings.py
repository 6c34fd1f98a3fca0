"""Settings for the Zhanjiang union's labor-dispute portal.

Everything that differs between machines comes from environment variables
(see README.md, "Configuration"). With none set, the portal runs on one machine
with no server installed: SQLite under var/, a Celery broker on the local
filesystem and a file-based cache. DATABASE_URL and REDIS_URL switch to
PostgreSQL and Redis.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# PRODUCTION=1 turns on every transport-security setting that `check --deploy`
# asks for; without it the portal runs as a developer or a single-machine
# install over plain http://127.0.0.1.
PRODUCTION = env.bool("PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when PRODUCTION=1.")


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when PRODUCTION=1.")
    # A single-machine install keeps a random key in var/ so that sessions
    # survive restarts without anyone having to invent a secret.
    from django.core.management.utils import get_random_secret_key

    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The proxies (addresses or CIDR networks) whose X-Forwarded-For is believed; empty: none,
# REMOTE_ADDR is the client. See zhanjiang_union/clientip.py.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])


def _check_trusted_proxies() -> None:
    from zhanjiang_union.clientip import parse_trusted_proxies

    parse_trusted_proxies(TRUSTED_PROXIES)  # a bad entry fails here, loudly


_check_trusted_proxies()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "treebeard",
    "axes",
    "csp",
    "captcha",
    # Before accounts: a member of staff belongs to an organisation of the grid.
    "zhanjiang_union.organisations",
    "zhanjiang_union.accounts",
    "zhanjiang_union.notifications",
    "zhanjiang_union.workdays",
    "zhanjiang_union.monitoring",
    "zhanjiang_union.resilience",
    "cases",
    "hotline",
    "performance",
    "leadership",
    "dashboard",
    "knowledge",
    "documents",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    # First: the latency it measures includes every other middleware.
    "zhanjiang_union.monitoring.metrics.RequestLatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their cache lifetime: nothing else is stored.
    "zhanjiang_union.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.problems.ApiProblemMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhanjiang_union.urls"
WSGI_APPLICATION = "zhanjiang_union.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["zhanjiang_union.punctuation", "zhanjiang_union.localnames"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhanjiang_union.navigation.navigation",
                "zhanjiang_union.workdays.context_processors.calendar_warnings",
                "zhanjiang_union.notifications.context_processors.unread_notifications",
                "zhanjiang_union.monitoring.context_processors.jobs_late_banner",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker share the file: WAL lets readers
    # go on while one writes, IMMEDIATE takes the write lock up front so two
    # writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker, results and cache ---------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
CELERY_DATA_DIR = VAR_DIR / "celery"

# Redis is a helper, not a gate: a request never waits on it for more than about a
# second, and nothing a worker or staff member needs stops working while it is down.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)  # seconds, connect and each command
# The longest a request waits for the broker to take a message (zhanjiang_union.celery.enqueue).
BROKER_PUBLISH_WAIT = env.float("BROKER_PUBLISH_WAIT", default=1.0)

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # Publishing: short socket timeouts and one quick retry (a pooled connection gone
    # stale after a Redis restart); a message the broker cannot take is left to the
    # periodic pass over the rows it is about (zhanjiang_union.celery.enqueue). The
    # command timeout stays above the worker's 1 s BRPOP poll.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": REDIS_TIMEOUT,
        "socket_timeout": max(REDIS_TIMEOUT, 2.0),
        "retry_on_timeout": False,
        "max_retries": 1,
    }
    CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
    CELERY_TASK_PUBLISH_RETRY_POLICY = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.1,
        "interval_max": 0.1,
    }
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
    CELERY_REDIS_SOCKET_TIMEOUT = max(REDIS_TIMEOUT, 2.0)
    CACHES = {
        "default": {
            # Django's Redis cache that falls back to a table in the database while
            # Redis is unreachable (resilience/cache.py).
            "BACKEND": "zhanjiang_union.resilience.cache.RedisCacheWithFallback",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zjgh",
            "OPTIONS": {
                "socket_timeout": REDIS_TIMEOUT,
                "socket_connect_timeout": REDIS_TIMEOUT,
                "RETRY_AFTER": env.float("REDIS_RETRY_AFTER", default=10.0),
            },
        }
    }
else:
    # Kombu's filesystem transport: the broker is a folder, so the worker,
    # beat and the web server need nothing but this machine's disk.
    for sub in ("queue", "processed", "results", "control"):
        (CELERY_DATA_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DATA_DIR / "queue"),
        "data_folder_out": str(CELERY_DATA_DIR / "queue"),
        "processed_folder": str(CELERY_DATA_DIR / "processed"),
        "store_processed": False,
        # Broadcasts (worker remote control) go here, not to ./control.
        "control_folder": str(CELERY_DATA_DIR / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_DATA_DIR / 'results'}"
    # A file cache is shared by every process on the machine (rate limits,
    # dashboard caching), which the per-process memory cache is not.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Minutes, fractions allowed (the production-stack test runs them seconds apart).
# /healthz answers 503 when one of these jobs has not succeeded for three intervals.
DEADLINE_SWEEP_MINUTES = env.float("DEADLINE_SWEEP_MINUTES", default=5)
DASHBOARD_REFRESH_MINUTES = env.float("DASHBOARD_REFRESH_MINUTES", default=1)
NOTIFICATION_PASS_MINUTES = env.float("NOTIFICATION_PASS_MINUTES", default=1)
# Every periodic job is listed here and nowhere else.
CELERY_BEAT_SCHEDULE = {
    "deadline-sweep": {
        "task": "cases.tasks.deadlines_sweep",
        "schedule": DEADLINE_SWEEP_MINUTES * 60.0,
    },
    "hotline-callbacks-sweep": {
        "task": "hotline.tasks.callbacks_sweep",
        "schedule": DEADLINE_SWEEP_MINUTES * 60.0,
    },
    # Each sweep escalates the rows it moves; once a night every running deadline and
    # callback is also checked for an escalation it is owed and lacks (a safety net).
    "deadline-reconcile": {
        "task": "cases.tasks.deadlines_sweep",
        "schedule": crontab(hour=2, minute=10),
        "kwargs": {"reconcile": True},
    },
    "hotline-callbacks-reconcile": {
        "task": "hotline.tasks.callbacks_sweep",
        "schedule": crontab(hour=2, minute=20),
        "kwargs": {"reconcile": True},
    },
    # Notifications whose sending task was lost (the broker down or restarted) or whose
    # sending failed go out on the next run; normally each is sent right after it is
    # created. Every minute: a filing receipt must not wait long (one indexed query).
    "notifications-deliver-pending": {
        "task": "zhanjiang_union.notifications.tasks.deliver_pending",
        "schedule": NOTIFICATION_PASS_MINUTES * 60.0,
    },
    # A notice to a collective case's workers: the next batch within the SMS gateway's
    # rate (COLLECTIVE_NOTICE_PER_MINUTE), each minute until every worker has it.
    "cases-collective-notices-release": {
        "task": "cases.tasks.collective_notices_release",
        "schedule": 60.0,
    },
    "resilience-prune": {
        "task": "zhanjiang_union.resilience.tasks.resilience_prune",
        "schedule": crontab(hour=3, minute=30),
    },
    # Closed cases into the index of similar cases beside a case, a batch at a time.
    "knowledge-closed-cases-index": {
        "task": "knowledge.tasks.closed_cases_index",
        "schedule": 300.0,
    },
    # The dashboard's figures kept ready: the days changed since the last run, every
    # minute; every day once a night, for changes made without a save (bulk loads).
    # The tasks are dashboard/tasks.py's, under the names they had in the leadership app.
    "dashboard-rollups-refresh": {
        "task": "leadership.tasks.dashboard_rollups_refresh",
        "schedule": DASHBOARD_REFRESH_MINUTES * 60.0,
    },
    "dashboard-rollups-rebuild": {
        "task": "leadership.tasks.dashboard_rollups_rebuild",
        "schedule": crontab(hour=2, minute=40),
    },
    "captchas-expired-remove": {
        "task": "cases.tasks.captchas_expired_remove",
        "schedule": crontab(minute=25),
    },
    # The workers' phone sign-in codes, once past their 15-minute limit window.
    "cases-sign-in-codes-prune": {
        "task": "cases.tasks.sign_in_codes_prune",
        "schedule": crontab(minute=35),
    },
    # Closed cases past the retention period lose their personal data (个人信息保护法
    # Art. 19, 47); their figures stay.
    "cases-personal-data-remove": {
        "task": "cases.tasks.personal_data_remove",
        "schedule": crontab(hour=3, minute=10),
    },
    # Mornings (Asia/Shanghai), so the mail is read the same working day.
    # 12345 webhooks not yet acknowledged, retried with exponential backoff.
    "api-webhooks-deliver-due": {
        "task": "api.tasks.webhooks_deliver_due",
        "schedule": 30.0,
    },
    "api-idempotency-keys-prune": {
        "task": "api.tasks.idempotency_keys_prune",
        "schedule": crontab(hour=3, minute=0),
    },
    "api-work-orders-sweep": {
        "task": "api.tasks.work_orders_sweep",
        "schedule": DEADLINE_SWEEP_MINUTES * 60.0,
    },
    "leadership-report-reminders": {
        "task": "leadership.tasks.report_reminders_send",
        "schedule": crontab(hour=8, minute=30),
    },
    "leadership-report-overdue": {
        "task": "leadership.tasks.report_overdue_flag",
        "schedule": crontab(hour=8, minute=45),
    },
}

# --- Auth ----------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins from a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one client lock that pair for 15 minutes: never
# the account alone, so nobody can lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhanjiang_union.accounts.views.locked_out"
# One client's failed logins across every account name it tries (credential stuffing).
LOGIN_CLIENT_FAILURES_PER_HOUR = env.int("LOGIN_CLIENT_FAILURES_PER_HOUR", default=30)
# The client's address comes from zhanjiang_union/clientip.py (TRUSTED_PROXIES), for
# axes as for every other reader.
AXES_CLIENT_IP_CALLABLE = "zhanjiang_union.clientip.client_ip"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"  # each role's own start page (navigation.ROLE_PAGES)
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff sessions end after eight hours of work or when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Django's database sessions, written in fewer statements (zhanjiang_union/sessions.py).
SESSION_ENGINE = "zhanjiang_union.sessions"
# Districts, categories, routing rules, deadline rules and the intake department read
# once per process and kept until one changes (zhanjiang_union/kept.py).
KEPT_TABLES = env.bool("KEPT_TABLES", default=True)

# --- Internationalisation -----------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private files (complaint evidence) live outside any URL; views serve them
# after a permission check.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o600


def _xstatic_bootstrap_dir() -> Path:
    import xstatic.pkg.bootstrap as bootstrap

    return Path(bootstrap.BASE_DIR)


# Bootstrap comes from the pinned XStatic-Bootstrap wheel, served under
# /static/bootstrap/: no CDN, since intranet machines have no internet.
STATICFILES_DIRS.append(("bootstrap", _xstatic_bootstrap_dir()))

# Widgets render through the project's templates, so that templates/django/forms/ can
# word the empty choice of every dropdown (请选择 / Choose…, not "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Mail and SMS -------------------------------------------------------------

# The console default masks addresses and query codes (zhanjiang_union/masking.py).
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default="zhanjiang_union.notifications.backends.ConsoleEmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="12351@zjzgh.local")
# Dotted path to the SMS adapter; the default writes messages to the log.
SMS_BACKEND = env.str("SMS_BACKEND", default="zhanjiang_union.notifications.backends.LogSmsBackend")

# Rate limits on the public complaint form and tracking (django-ratelimit).
# Off only for load tests from one address (docs/benchmarks/complaint_load.py).
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# key="ip" means the client of zhanjiang_union/clientip.py, not the proxy's address.
RATELIMIT_IP_META_KEY = "zhanjiang_union.clientip.client_ip"
# Wrong query codes for one case number (from any clients) within an hour before tracking
# it also asks for the characters of a picture (django-simple-captcha); never a lock.
TRACK_CAPTCHA_AFTER = env.int("TRACK_CAPTCHA_AFTER", default=3)
CAPTCHA_TIMEOUT = 10  # minutes to type the picture's characters
CAPTCHA_LENGTH = 5
# The address workers reach the portal at, for links in SMS and e-mail.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Deadlines: "due soon" this many working days ahead; "long overdue" this
# many working days past (the sweep runs every DEADLINE_SWEEP_MINUTES, above).
DEADLINE_DUE_SOON_DAYS = env.int("DEADLINE_DUE_SOON_DAYS", default=3)
DEADLINE_OVERDUE_LONG_DAYS = env.int("DEADLINE_OVERDUE_LONG_DAYS", default=5)
# A sweep that records at least this many escalations (a burst, as after beat was
# down) ANALYZEs the tables it then joins, on PostgreSQL (cases/escalation.py).
SWEEP_ANALYZE_AFTER = env.int("SWEEP_ANALYZE_AFTER", default=1000)
# Early warning (预警) to the leadership at once: wage arrears at or above this
# amount (yuan) or this many workers; a group dispute forming when this many
# complaints against one employer arrive within this many days.
# How long a closed case keeps its workers' personal data (names, phones, ID numbers,
# e-mail, addresses, evidence, query code) before they are removed; the privacy notice
# tells the worker this period. Days after closing.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=3 * 365)

EARLY_WARNING_ARREARS_AMOUNT = env.int("EARLY_WARNING_ARREARS_AMOUNT", default=100_000)
EARLY_WARNING_ARREARS_WORKERS = env.int("EARLY_WARNING_ARREARS_WORKERS", default=10)
GROUP_DISPUTE_COMPLAINTS = env.int("GROUP_DISPUTE_COMPLAINTS", default=3)
GROUP_DISPUTE_WINDOW_DAYS = env.int("GROUP_DISPUTE_WINDOW_DAYS", default=7)
# A notice to every worker of a collective case goes to the SMS gateway in batches of
# at most this many a minute (the gateway's agreed rate).
COLLECTIVE_NOTICE_PER_MINUTE = env.int("COLLECTIVE_NOTICE_PER_MINUTE", default=600)
# New complaints land in this department's queue (its code, from `manage.py seed`).
CASE_INTAKE_DEPARTMENT = env.str("CASE_INTAKE_DEPARTMENT", default="rights")
# How long after closing a worker may ask, on the tracking page, for the case to reopen.
CASE_REOPEN_REQUEST_DAYS = env.int("CASE_REOPEN_REQUEST_DAYS", default=30)

# --- The API (api/, docs/api.md) ---------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.ClientTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.auth.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.auth.ClientRateThrottle"],
    "DEFAULT_PARSER_CLASSES": [
        "api.problems.StrictJSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zhanjiang FTU labor-dispute portal API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Requests to /api/ larger than this are refused with a problem document (bytes);
# complaint evidence is capped per file by cases.uploads as on the web form.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=110 * 1024 * 1024)
API_MAX_JSON_BYTES = env.int("API_MAX_JSON_BYTES", default=256 * 1024)
# Outbound webhooks (12345 work orders): a request's time limit, and the receiver's
# tolerance for a signature's timestamp (seconds).
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
WEBHOOK_TOLERANCE_SECONDS = env.int("WEBHOOK_TOLERANCE_SECONDS", default=300)

# --- Security -------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
# No inline scripts anywhere: every script is a file under /static/. Inline
# style attributes stay allowed (the Django admin uses them); charts are
# inline SVG, which is markup, not script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # nginx terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Prometheus metrics at /metrics answer only these addresses (the monitoring host;
# comma-separated addresses or CIDRs); everyone else gets 404. Empty: nobody.
METRICS_ALLOWED_NETWORKS = [
    ipaddress.ip_network(entry, strict=False)
    for entry in env.list("METRICS_ALLOWED_ADDRESSES", default=[])
]

# --- Logging --------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Whoever logs it, no phone, ID number, e-mail address or query code reaches a log.
    "filters": {"masking": {"()": "zhanjiang_union.masking.MaskingFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["masking"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # runserver's request lines too go through the masking handler.
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

del _xstatic_bootstrap_dir
