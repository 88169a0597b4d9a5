"""gunicorn settings for Lotse: `gunicorn -c deploy/gunicorn.conf.py lotse.wsgi:application`.

Every value comes from the environment (documented in README.md, "Production"), with defaults
for one application machine with 2 cores behind nginx on the same machine.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
# One thread per process: Lotse's requests are CPU-bound (templates, ORM), and the threads of
# a process share one interpreter lock. With 20 mentors on 2 cores, 5 workers x 1 thread gave
# a mentee page p95 of 154-164 ms in three runs, 3 x 2 168-235 ms and 5 x 2 211 ms
# (docs/performance.md, "Load").
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# The threaded worker also with one thread: it keeps idle keep-alive connections in a poller
# instead of holding the worker (the sync worker has no keep-alive at all).
worker_class = "gthread"
# Longer than the proxy's (and a load test's) pauses between two requests on one connection:
# gunicorn's default of 2 s reset connections of clients that paused longer.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # the slowest page is a report export
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Recycle workers now and then so that a slow leak can never take a machine down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Only the proxy on this machine may set X-Forwarded-* (and thus the scheme).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
preload_app = False  # each worker opens its own database connections
# No runtime control socket (gunicorn 24+ opens one in the home folder): systemd manages it.
control_socket_disable = True

# The access log: method, path without the query string (searches hold names), status, size,
# time and the request id that Lotse echoes. No client address, user or referrer.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    'method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s duration_ms=%(M)s '
    "request_id=%({x-request-id}o)s"
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
