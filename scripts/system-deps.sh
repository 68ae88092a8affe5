#!/usr/bin/env bash
# Install and start what the test suite needs from the system, where missing:
# Chromium (web UI tests), a Java runtime (Spark), PostgreSQL (store tests).
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# PySpark 4 needs Java 17 or newer (Debian 12's default-jre-headless is 17).
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1 || true)
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || need+=(default-jre-headless)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing system packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "warning: missing system packages (${need[*]}); run as root to install them" >&2
  fi
fi

# PostgreSQL on 127.0.0.1:5432 with trust auth: start one where none answers.
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    ver=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1 || true)
    if [ -z "$ver" ]; then
      ver=$(ls /usr/lib/postgresql | sort -V | tail -n1)
      pg_createcluster "$ver" main >/dev/null
    fi
    conf=/etc/postgresql/$ver/main
    grep -q "redline-test" "$conf/pg_hba.conf" 2>/dev/null || {
      printf '# redline-test\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust\n' \
        | cat - "$conf/pg_hba.conf" > /tmp/pg_hba.conf && cp /tmp/pg_hba.conf "$conf/pg_hba.conf"
    }
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
      || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null || true
  fi
fi
pg_isready -h 127.0.0.1 -p 5432 || echo "warning: no PostgreSQL server; PostgreSQL tests will be skipped" >&2
