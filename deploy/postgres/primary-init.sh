#!/bin/sh
# The primary's first start (docker-entrypoint-initdb.d): a role the streaming replica connects as,
# and the pg_hba line that lets it (the image's own lines cover databases, not replication).
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -c "CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '$REPLICATION_PASSWORD'"
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
