#!/bin/sh
# The read replica: on its first start a base backup of the primary, written with the settings that
# make it follow the primary (-R: standby.signal, primary_conninfo); then PostgreSQL, read-only.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h "$PRIMARY_HOST" -U "$POSTGRES_USER" -q; do sleep 1; done
  mkdir -p "$PGDATA"
  chown postgres "$PGDATA"
  chmod 700 "$PGDATA"
  gosu postgres env PGPASSWORD="$REPLICATION_PASSWORD" \
    pg_basebackup -h "$PRIMARY_HOST" -U replicator -D "$PGDATA" -R -X stream
fi
exec gosu postgres postgres -c hot_standby=on
