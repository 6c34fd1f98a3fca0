"""The production stack of docs/deployment.md, run for real: Debian's nginx with
deploy/nginx/zjgh.conf, gunicorn with deploy/gunicorn.conf.py, Celery worker and beat
as deploy/systemd/ starts them, a fresh PostgreSQL database and a Redis of its own.
Marked `stack`; runs where DATABASE_URL is PostgreSQL, REDIS_URL is set and nginx,
redis-server, openssl, systemd-analyze and Chromium are installed (CI's PostgreSQL + Redis pass)."""
