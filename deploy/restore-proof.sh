#!/usr/bin/env bash
# Prove that a backup restores. Dumps the database (pg_dump -Fc, like backup.sh) from one
# snapshot, restores the dump into a fresh database (restore.sh) and compares, between the
# snapshot and the restore, the row count of every table and a checksum of the audit trail
# (every row of audit_auditevent in id order). Safe on a live database: the counts are taken
# in the snapshot the dump was made from. The fresh database is dropped at the end.
#
#   deploy/restore-proof.sh [SOURCE_DATABASE_URL]      (default: $DATABASE_URL)
#
# Exits 0 and prints the figures when everything matches, 1 on the first difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_url=${1:-${DATABASE_URL:-}}
if [[ $source_url != postgres://* && $source_url != postgresql://* ]]; then
  echo "usage: $0 postgres://user@host:port/database (or set DATABASE_URL)" >&2
  exit 2
fi
server=${source_url%/*}
fresh="lotse_restore_proof_$$"
fresh_url="$server/$fresh"
work=$(mktemp -d)
started=$(date +%s)

cleanup() {
  if [ -n "${SNAP_PID:-}" ]; then kill "$SNAP_PID" 2>/dev/null || true; fi
  psql -qX "$server/postgres" -c "DROP DATABASE IF EXISTS $fresh" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# One statement that counts the rows of every table in the public schema, as "table|count".
count_sql=$(psql -qAtX "$source_url" -c "
  SELECT string_agg(format('SELECT %L || ''|'' || count(*) FROM %I.%I', tablename, schemaname,
                           tablename), ' UNION ALL ' ORDER BY tablename)
  FROM pg_tables WHERE schemaname = 'public'")
[ -n "$count_sql" ] || { echo "restore-proof: no tables in the source database" >&2; exit 1; }
audit_sql="SELECT count(*) || '|' || md5(coalesce(string_agg(e::text, E'\n' ORDER BY e.id), ''))
           FROM audit_auditevent e"

# A read-only transaction holds the snapshot while pg_dump dumps exactly that state.
coproc SNAP { psql -qAtX -v ON_ERROR_STOP=1 "$source_url" 2>&1; }
SNAP_PID=$SNAP_PID
ask() {  # send SQL to the snapshot session, print its output up to the end marker
  printf '%s;\nSELECT %s;\n' "$1" "'--end--'" >&"${SNAP[1]}"
  local line
  while IFS= read -r -t 600 line <&"${SNAP[0]}"; do
    [ "$line" = "--end--" ] && return 0
    printf '%s\n' "$line"
  done
  echo "restore-proof: the snapshot session stopped answering" >&2
  return 1
}
# (ask runs in this shell, never in $(...) or a pipe: a coproc's pipes are not in subshells.)
ask "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot()" \
  >"$work/snapshot"
pg_dump --format=custom --no-owner --snapshot="$(cat "$work/snapshot")" \
  --file="$work/proof.dump" "$source_url"
ask "$count_sql" >"$work/source.unsorted"
sort "$work/source.unsorted" >"$work/source.counts"
ask "$audit_sql" >"$work/source.audit"
ask "COMMIT" >/dev/null
exec {SNAP[1]}>&-
wait "$SNAP_PID" 2>/dev/null || true
SNAP_PID=

"$here/restore.sh" "$work/proof.dump" "$fresh_url" >/dev/null
psql -qAtX "$fresh_url" -c "$count_sql" | sort >"$work/restored.counts"
psql -qAtX "$fresh_url" -c "$audit_sql" >"$work/restored.audit"

if ! diff -u "$work/source.counts" "$work/restored.counts"; then
  echo "restore-proof: FAILED – row counts differ (- source, + restore)" >&2
  exit 1
fi
if ! diff -u "$work/source.audit" "$work/restored.audit"; then
  echo "restore-proof: FAILED – the audit trail differs (- source, + restore)" >&2
  exit 1
fi
tables=$(wc -l <"$work/source.counts")
rows=$(awk -F'|' '{ n += $2 } END { print n + 0 }' "$work/source.counts")
IFS='|' read -r events checksum <"$work/source.audit"
size=$(du -h "$work/proof.dump" | cut -f1)
echo "restore-proof: OK – $tables tables, $rows rows, $events audit events (md5 $checksum)" \
  "restored identically from a $size dump in $(($(date +%s) - started)) s"
