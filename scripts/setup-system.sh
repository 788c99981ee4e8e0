#!/usr/bin/env bash
# Install the system packages reportgen needs (Debian/Ubuntu). Idempotent.
# As root: installs what is missing. Otherwise: names what is missing in one message.
set -euo pipefail
need_pkgs=(
  fonts-liberation2          # Times-New-Roman-metric font: page counts depend on it
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0  # WeasyPrint: text stack, font subsetting
  poppler-utils              # pdftoppm, to look at rendered pages
  libreoffice-calc-nogui     # checks: our workbooks open without a repair prompt
  libreoffice-writer-nogui   # checks: our DOCX converts to PDF
  postgresql                 # the store's tests also run on PostgreSQL
  chromium                   # the portal's browser test (Playwright drives it; no browser download)
)
if [ "${REPORTGEN_SKIP_SYSTEM:-}" = 1 ]; then exit 0; fi
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "reportgen: không phải Debian/Ubuntu; hãy tự cài: ${need_pkgs[*]}" >&2
  exit 0
fi
missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "reportgen: đang cài gói hệ thống: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "reportgen: thiếu gói hệ thống, hãy chạy với quyền root:" >&2
  echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  echo "(các kiểm tra cần những gói này sẽ được bỏ qua và ghi rõ lý do)" >&2
fi
