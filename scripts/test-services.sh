#!/usr/bin/env bash
# Make sure the services some tests need can be started. Idempotent; never fails the build.
#
# PostgreSQL: the store's tests start their own throwaway cluster (tests/store/pg.py: initdb in
# a temporary folder, 127.0.0.1 on a free port, run as user 'postgres' when we are root) and
# remove it when pytest ends. This script only installs the server binaries when missing.
# Set REPORTGEN_TEST_PG_URL to use an existing server instead.
set -uo pipefail

have_initdb() {
  command -v initdb >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

if [ -n "${REPORTGEN_TEST_PG_URL:-}" ]; then
  echo "reportgen: kiểm thử PostgreSQL dùng máy chủ có sẵn (REPORTGEN_TEST_PG_URL)."
elif have_initdb; then
  :
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "reportgen: đang cài PostgreSQL cho các kiểm thử của kho tệp…"
  export DEBIAN_FRONTEND=noninteractive
  # The package's own cluster is not used; keep it from starting where possible.
  apt-get update -qq </dev/null && apt-get install -y -qq --no-install-recommends postgresql </dev/null >/dev/null \
    || echo "reportgen: không cài được PostgreSQL; các kiểm thử 'postgres' sẽ bỏ qua và ghi rõ lý do." >&2
else
  echo "reportgen: không có PostgreSQL (initdb); các kiểm thử 'postgres' sẽ bỏ qua và ghi rõ lý do." >&2
  echo "  Cài bằng: sudo apt-get install --no-install-recommends postgresql" >&2
fi
if [ "$(id -u)" = 0 ] && have_initdb && ! id postgres >/dev/null 2>&1; then
  # PostgreSQL refuses to run as root; the tests run the server as this user.
  useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres 2>/dev/null || true
fi
exit 0
