#!/usr/bin/env bash
# Restore a dump made by deploy/backup.sh into a database:
#   deploy/restore.sh /var/backups/lotse/lotse-20270101T004500Z.dump postgres://lotse@db/lotse
# The target database is created if it does not exist; if it has tables, --replace is needed
# and its objects are dropped first. Stop lotse-web, lotse-worker@* and lotse-scheduler before
# restoring over the live database, and run `manage.py migrate` afterwards if the code is newer.
set -euo pipefail
usage() { echo "usage: $0 DUMP TARGET_DATABASE_URL [--replace]" >&2; exit 2; }
[ $# -ge 2 ] || usage
dump=$1 target=$2 replace=${3:-}
[ -f "$dump" ] || { echo "restore: no dump at $dump" >&2; exit 1; }
[ -z "$replace" ] || [ "$replace" = --replace ] || usage
server=${target%/*} name=${target##*/}
name=${name%%\?*}
[[ $name =~ ^[A-Za-z0-9_]+$ ]] || { echo "restore: unusual database name '$name'" >&2; exit 1; }
exists=$(psql "$server/postgres" -Atc "SELECT 1 FROM pg_database WHERE datname = '$name'")
if [ -z "$exists" ]; then
  psql "$server/postgres" -qc "CREATE DATABASE \"$name\""
else
  tables=$(psql "$target" -Atc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
  if [ "$tables" != 0 ] && [ "$replace" != --replace ]; then
    echo "restore: $name has $tables tables; pass --replace to drop and restore them" >&2
    exit 1
  fi
fi
clean=()
[ "$replace" = --replace ] && clean=(--clean --if-exists)
pg_restore --no-owner --exit-on-error --single-transaction "${clean[@]}" --dbname="$target" "$dump"
echo "restore: $dump restored into $name"
