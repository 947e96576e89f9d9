#!/usr/bin/env bash
# Starts a local PostgreSQL from Debian's packages for the PostgresRepository tests and prints the
# URL they read (CHANJIAO_TEST_POSTGRES_URL). Run as root on Debian; `.ci/run` calls it. Safe to run
# again: an installed package, an existing cluster, a running server, the role and the database are
# all taken as they are.
#   CHANJIAO_TEST_POSTGRES_URL="$(bash Scripts/test-postgres.sh)"
# Progress goes to stderr; stdout holds the URL only.
set -euo pipefail

role=chanjiao
password=chanjiao
database=chanjiao_test

say() { echo "test-postgres: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  say "must run as root (it installs and starts PostgreSQL); set CHANJIAO_TEST_POSTGRES_URL yourself instead"
  exit 1
fi

if ! dpkg -s postgresql >/dev/null 2>&1 || ! command -v pg_lsclusters >/dev/null 2>&1; then
  say "installing postgresql"
  apt-get update -qq >&2
  # policy-rc.d-less containers may fail to start the service from the package's scripts; it is
  # started below either way.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

# The newest installed server version, and its first cluster (created when the package did not).
version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$version" ]; then
  say "no PostgreSQL server under /usr/lib/postgresql"
  exit 1
fi
cluster="$(pg_lsclusters -h | awk -v v="$version" '$1 == v { print $2; exit }')"
if [ -z "$cluster" ]; then
  cluster=main
  say "creating cluster $version/$cluster"
  pg_createcluster "$version" "$cluster" >&2
fi
port="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3 }')"
status="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $4 }')"
if [ "$status" != "online" ]; then
  say "starting cluster $version/$cluster on port $port"
  pg_ctlcluster "$version" "$cluster" start >&2
fi

ready=0
for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then ready=1; break; fi
  sleep 0.5
done
if [ "$ready" -ne 1 ]; then
  say "PostgreSQL $version/$cluster did not accept connections on 127.0.0.1:$port within 30 s"
  tail -20 "/var/log/postgresql/postgresql-$version-$cluster.log" >&2 || true
  exit 1
fi

psql_admin() { (cd /tmp && runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qAt "$@"); }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $role LOGIN PASSWORD '$password'" >&2
else
  psql_admin -c "ALTER ROLE $role LOGIN PASSWORD '$password'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE $database OWNER $role" >&2
else
  psql_admin -c "ALTER DATABASE $database OWNER TO $role" >&2
fi

url="postgres://$role:$password@127.0.0.1:$port/$database"
# The URL must work over TCP with the password (pg_hba's host lines), as the tests connect.
if ! PGPASSWORD="$password" psql "postgresql://$role@127.0.0.1:$port/$database" -qAt -c "SELECT 1" >/dev/null; then
  say "cannot connect as $role over TCP on 127.0.0.1:$port"
  exit 1
fi
say "ready: PostgreSQL $version/$cluster on 127.0.0.1:$port, database $database"
echo "$url"
