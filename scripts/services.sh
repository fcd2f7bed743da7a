#!/usr/bin/env bash
# Installs (Debian packages, and dynalite from npm) and starts the servers the test suite talks to: Redis on 127.0.0.1:6379
# (plus redis-server itself for the servers the tests start), PostgreSQL on 127.0.0.1:5432 (trust
# auth, database "test") and MariaDB on 127.0.0.1:3306 (root without password, database "test").
# Needs root or passwordless sudo. Safe to run again: every step checks before it acts, and a
# server that already answers is left alone.
set -euo pipefail

log() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then
    as_root apt-get update -qq
    apt_updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

need_cmd() { # need_cmd COMMAND PACKAGE...
  local cmd=$1; shift
  if ! command -v "$cmd" >/dev/null 2>&1; then
    log "installing $* (for $cmd)"
    apt_install "$@"
  fi
}

wait_for_port() { # wait_for_port PORT NAME
  for _ in $(seq 1 60); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "$2 did not start listening on 127.0.0.1:$1" >&2
  return 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

need_cmd java openjdk-17-jdk-headless
need_cmd openssl openssl

# --- Redis: tests use 127.0.0.1:6379, and start their own servers (cluster, TLS, unix socket) ---
need_cmd redis-server redis-server
need_cmd redis-cli redis-tools
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "starting redis-server on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/cachette-ci-redis.log
  wait_for_port 6379 redis-server
fi

# --- PostgreSQL: 127.0.0.1:5432, trust auth, database "test" ---
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing postgresql"
  apt_install postgresql
fi
if ! port_open 5432; then
  log "starting postgresql"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  if ! grep -q "cachette-ci" "$hba" 2>/dev/null; then
    as_root sh -c "printf '# cachette-ci: trust local test connections\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust\n' | cat - '$hba' > '$hba.new' && mv '$hba.new' '$hba'"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for_port 5432 postgresql
fi
if command -v psql >/dev/null 2>&1; then
  for role in postgres root; do
    psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$role'" 2>/dev/null | grep -q 1 \
      || psql -h 127.0.0.1 -U postgres -d postgres -c "CREATE ROLE $role SUPERUSER LOGIN" >/dev/null 2>&1 || true
  done
  psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" 2>/dev/null | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE test" >/dev/null 2>&1 || true
fi

# --- MariaDB: 127.0.0.1:3306, root with an empty password, database "test" ---
if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  log "installing mariadb-server"
  apt_install mariadb-server
fi
if ! port_open 3306; then
  log "starting mariadb"
  as_root mkdir -p /run/mysqld && as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql \
    || as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  wait_for_port 3306 mariadb
fi
if command -v mariadb >/dev/null 2>&1; then
  mariadb -uroot -e "CREATE DATABASE IF NOT EXISTS test" 2>/dev/null \
    || as_root mariadb -uroot -e "CREATE DATABASE IF NOT EXISTS test; ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;" 2>/dev/null || true
fi


# --- dynalite (npm), the DynamoDB stand-in the cachette-dynamodb tests start on ports of their own ---
# Pinned by cachette-dynamodb/src/test/dynalite/package-lock.json, installed into .tools/dynalite
# (gitignored). The tests install it the same way when it is missing and npm is on the PATH.
need_cmd node nodejs
need_cmd npm npm
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$repo/.tools/dynalite/node_modules/dynalite/cli.js" ]; then
  log "installing dynalite into .tools/dynalite"
  mkdir -p "$repo/.tools/dynalite"
  cp "$repo/cachette-dynamodb/src/test/dynalite/package.json" \
     "$repo/cachette-dynamodb/src/test/dynalite/package-lock.json" "$repo/.tools/dynalite/"
  (cd "$repo/.tools/dynalite" && npm ci --no-audit --no-fund --loglevel=error)
fi
