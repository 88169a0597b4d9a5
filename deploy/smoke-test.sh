#!/usr/bin/env bash
# Smoke test of a production-like installation on this machine (run by .ci/run):
# against the PostgreSQL database in DATABASE_URL it migrates, collects the static files,
# starts gunicorn on a free loopback port, one db_worker and the scheduler, checks /health/,
# a hashed static file and that the access log holds no query string, lets the scheduler
# enqueue every scheduled job (--run-due-now), waits until the worker ran them all, checks the
# administrator's job-run page shows them, stops all three with SIGTERM and checks that each
# exits cleanly, then runs the restore proof. Everything is bounded in time; whatever is still
# running at the end is killed.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_ci deploy/smoke-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point to a PostgreSQL database}"
started=$(date +%s)
work=$(mktemp -d)
py=.venv/bin/python
pids=()

say() { printf 'smoke: %s\n' "$*"; }
fail() {
  printf 'smoke: FAILED – %s\n' "$*" >&2
  for log in "$work"/*.log; do
    [ -f "$log" ] && { echo "----- $(basename "$log") (last 40 lines)" >&2; tail -n 40 "$log" >&2; }
  done
  exit 1
}
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT  # a timeout ends the script through the EXIT trap, killing the servers

# Production settings, on loopback over plain HTTP (no TLS proxy in front).
export DEBUG=0 LOTSE_TESTING=0
export SECRET_KEY="smoke-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 LOTSE_SECURE_COOKIES=0
export LOTSE_STATIC_ROOT="$work/static" LOG_LEVEL=INFO LOG_FORMAT=json

say "migrate and collectstatic"
$py manage.py migrate --no-input -v 0
$py manage.py collectstatic --no-input -v 0
jobs=$($py manage.py shell --no-imports -c "from lotse.ops.schedule import JOBS; print(len(JOBS))")
port=$($py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

say "start gunicorn on $base, a db_worker and the scheduler"
.venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind "127.0.0.1:$port" --workers 2 \
  lotse.wsgi:application >"$work/web.log" 2>&1 &
web=$!
pids+=("$web")
$py manage.py db_worker --interval 1 --no-startup-delay --no-reload --worker-id smoke \
  >"$work/worker.log" 2>&1 &
worker=$!
pids+=("$worker")
$py manage.py run_scheduler --run-due-now --interval 5 >"$work/scheduler.log" 2>&1 &
scheduler=$!
pids+=("$scheduler")

say "health endpoint"
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "$base/health/" 2>/dev/null && break
  kill -0 "$web" 2>/dev/null || fail "gunicorn exited"
  sleep 0.5
done
health=$(curl -fsS -D "$work/headers" -H 'X-Request-ID: smoke-1' "$base/health/?q=Secret-Name") \
  || fail "/health/ did not answer 200"
[ "$health" = '{"status": "ok", "database": "ok"}' ] || fail "/health/ answered $health"
grep -qi '^x-request-id: smoke-1' "$work/headers" || fail "the request id was not echoed"

say "a page with hashed, compressed static files"
login=$(curl -fsS "$base/accounts/login/") || fail "the login page did not answer 200"
css=$(grep -o '/static/[^"]*\.[0-9a-f]\{12\}\.css' <<<"$login" | head -n 1)
[ -n "$css" ] || fail "the login page links no static file with a hashed name"
curl -fsS -o /dev/null -H 'Accept-Encoding: gzip' "$base$css" || fail "$css did not answer 200"
grep -q 'path="/health/"' "$work/web.log" || fail "the access log has no line for /health/"
! grep -q 'Secret-Name' "$work/web.log" || fail "the access log contains a query string"

say "waiting (at most 60 s) until the worker ran the $jobs jobs the scheduler enqueued"
sql="SELECT count(*) FILTER (WHERE status = 'succeeded') || ' ' || count(*)
         || ' ' || count(*) FILTER (WHERE status IN ('failed', 'retrying'))
     FROM ops_jobrun WHERE trigger = 'manual'"
deadline=$(($(date +%s) + 60))
while :; do
  read -r done total failed < <(psql -qAtX "$DATABASE_URL" -c "$sql")
  [ "$failed" = 0 ] || fail "$failed job run(s) failed: $(psql -qAtX "$DATABASE_URL" \
    -c "SELECT job || ': ' || error FROM ops_jobrun WHERE error <> ''")"
  [ "$total" -ge "$jobs" ] && [ "$done" = "$total" ] && break
  [ "$(date +%s)" -lt "$deadline" ] || fail "after 60 s $done of $total runs succeeded"
  kill -0 "$worker" 2>/dev/null || fail "the worker exited"
  kill -0 "$scheduler" 2>/dev/null || fail "the scheduler exited"
  sleep 1
done
say "$done job runs succeeded:"
psql -qAtX "$DATABASE_URL" -F ' ' -c "SELECT job, status, duration, result FROM ops_jobrun
                                      WHERE trigger = 'manual' ORDER BY job" | sed 's/^/  /'

say "the administrator's job-run page shows them"
$py manage.py shell --no-imports -c "
from django.contrib import admin
from django.test import RequestFactory
from lotse.accounts.models import User
from lotse.ops.models import JobRun
from lotse.ops.schedule import JOBS
request = RequestFactory().get('/admin/ops/jobrun/')
request.user = User.objects.get_or_create(
    username='smoke-admin', defaults={'is_staff': True, 'is_superuser': True}
)[0]
request.user.is_verified = lambda: True  # what django-otp's middleware sets after the code
page = admin.site._registry[JobRun].changelist_view(request).render().content.decode()
missing = [job.name for job in JOBS if job.name not in page]
assert not missing, f'not on the page: {missing}'
assert page.count('erfolgreich') >= len(JOBS) or page.count('succeeded') >= len(JOBS), page
print('  the page lists', len(JOBS), 'jobs with their successful runs')
"

say "stop gunicorn, the worker and the scheduler with SIGTERM"
kill -TERM "$scheduler" "$worker" "$web"
for name in scheduler worker web; do
  pid=${!name}
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && fail "$name did not stop within 30 s of SIGTERM"
  status=0
  wait "$pid" || status=$?
  [ "$status" = 0 ] || fail "$name exited with status $status after SIGTERM"
done
grep -q '"message": "scheduler stopped"' "$work/scheduler.log" \
  || fail "the scheduler did not log its clean stop"

say "restore proof"
deploy/restore-proof.sh "$DATABASE_URL"
say "passed in $(($(date +%s) - started)) s"
