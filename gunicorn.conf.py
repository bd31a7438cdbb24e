"""Production defaults for gunicorn, read from the environment.

    gunicorn -c gunicorn.conf.py newsletter.wsgi

Every setting can be overridden by an environment variable (below) or on the
command line. See docs/deployment.md for how these fit behind nginx.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Where to listen: a loopback port (or "unix:/run/bulletin/gunicorn.sock") behind nginx.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Worker processes x threads = requests served at once per server. Threads share
# a process's memory and each keeps its own database connection (CONN_MAX_AGE),
# so workers * threads * servers must stay below PostgreSQL's max_connections.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is killed (and its worker restarted).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Keep-alive with the reverse proxy in front of us.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then, so that a slow leak never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Worker heartbeats in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Trust X-Forwarded-Proto etc. only from our own proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr, for systemd's journal or the container runtime.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "bulletin"
