#!/bin/sh
# Creates Temporal's two databases and brings both schemas to the version
# shipped in this admin-tools image. Safe to re-run on every start:
# create skips an existing database, setup-schema keeps a newer version,
# update-schema applies only missing steps.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}" # read by temporal-sql-tool
DB_PORT="${DB_PORT:-5432}"
DBNAME="${DBNAME:-temporal}"
VISIBILITY_DBNAME="${VISIBILITY_DBNAME:-temporal_visibility}"
SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

echo "Waiting for PostgreSQL at ${POSTGRES_SEEDS}:${DB_PORT}..."
tries=0
until nc -z -w 5 "${POSTGRES_SEEDS}" "${DB_PORT}"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "PostgreSQL did not answer" >&2
    exit 1
  fi
  sleep 1
done

sqltool() {
  temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS}" -p "${DB_PORT}" -u "${POSTGRES_USER}" "$@"
}

setup_db() {
  db="$1"
  dir="$2"
  echo "Schema setup for database '${db}'"
  sqltool --db "$db" create
  sqltool --db "$db" setup-schema -v 0.0
  sqltool --db "$db" update-schema -d "$dir"
}

setup_db "$DBNAME" "${SCHEMA_ROOT}/temporal/versioned"
setup_db "$VISIBILITY_DBNAME" "${SCHEMA_ROOT}/visibility/versioned"
echo "Temporal schema setup complete"
