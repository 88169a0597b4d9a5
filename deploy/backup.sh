#!/usr/bin/env bash
# Back up Lotse's database: one custom-format dump (pg_dump -Fc) per run into LOTSE_BACKUP_DIR,
# dumps older than LOTSE_BACKUP_KEEP_DAYS removed. Reads DATABASE_URL (postgres://…).
# Restore with deploy/restore.sh; prove that a dump restores with deploy/restore-proof.sh.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set (postgres://user:password@host:port/name)}"
dir=${LOTSE_BACKUP_DIR:-/var/backups/lotse}
keep=${LOTSE_BACKUP_KEEP_DAYS:-30}
mkdir -p "$dir"
umask 077  # the dump holds every mentee's record
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$dir/lotse-$stamp.dump"
pg_dump --format=custom --compress=6 --no-owner --file="$target.partial" "$DATABASE_URL"
mv "$target.partial" "$target"
find "$dir" -maxdepth 1 -name 'lotse-*.dump' -mtime +"$keep" -delete
echo "backup: $target ($(du -h "$target" | cut -f1))"
