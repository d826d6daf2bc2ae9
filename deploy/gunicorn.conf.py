"""gunicorn settings of tuachua, used by the systemd unit (deploy/systemd/tuachua.service) and by CI.

Run from the project folder: `.venv/bin/gunicorn --config deploy/gunicorn.conf.py tuachua.wsgi`.
GUNICORN_BIND and GUNICORN_WORKERS override the address and the number of worker processes.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # only nginx on this machine reaches it
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 120  # a long document (a roster of several hundred delegates as PDF) takes seconds
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # workers are renewed now and then, so memory stays flat
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
