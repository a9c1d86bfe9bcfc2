"""gunicorn's settings for ``scripts/serve_production.sh`` (``gunicorn -c config/gunicorn.py``),
read from the environment like the app's own (docs/operations.md):

``BIND`` (default ``0.0.0.0:8000``), ``WEB_WORKERS`` (3; about two per core plus one),
``WEB_TIMEOUT`` (60 s before a stuck request's process is replaced), ``FORWARDED_ALLOW_IPS``
(the proxy in front, default ``127.0.0.1``). With ``LOG_FORMAT=json`` the access and error
lines are JSON objects too, with the request's id from the ``X-Request-ID`` answer header."""

from __future__ import annotations

from typing import Any

from config import env

bind = env.read_str("BIND") or "0.0.0.0:8000"  # behind the ministry's proxy
workers = env.read_int("WEB_WORKERS", 3, minimum=1)
timeout = env.read_int("WEB_TIMEOUT", 60, minimum=1)
graceful_timeout = 30
forwarded_allow_ips = env.read_str("FORWARDED_ALLOW_IPS") or "127.0.0.1"
# A process is replaced after this many requests (with jitter), so slow leaks cannot grow.
max_requests = 2000
max_requests_jitter = 200
accesslog: str | None = "-"
errorlog = "-"
# gunicorn's control socket would sit at one path per user ($HOME/.gunicorn/gunicorn.ctl), shared
# by every instance on the machine; the process manager controls this one with signals instead.
control_socket_disable = True

if env.read_choice("LOG_FORMAT", "plain", ("plain", "json")) == "json":
    logconfig_dict: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "tuphap.core.logs.JsonFormatter"}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            # Not propagated: Django's own settings give the root logger a handler too.
            "gunicorn.error": {"level": "INFO", "handlers": ["json"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["json"], "propagate": False},
        },
    }
    accesslog = None  # the access lines go through the JSON handler above
