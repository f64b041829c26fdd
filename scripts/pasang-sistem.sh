#!/usr/bin/env bash
# Installs the Debian packages the project needs when they are missing and apt is usable.
#   scripts/pasang-sistem.sh          # what `make run` needs (WeasyPrint's libraries, fonts)
#   scripts/pasang-sistem.sh test     # plus what the tests need (Chromium, zbar, poppler)
set -u
PKGS="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
if [ "${1:-}" = "test" ]; then
  PKGS="$PKGS chromium libzbar0 poppler-utils"
fi
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Memasang paket Debian:$missing"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) >/tmp/dinsos-apt.log 2>&1 \
    || echo "PERINGATAN: gagal memasang$missing (lihat /tmp/dinsos-apt.log)."
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  echo "Memasang paket Debian:$missing"
  (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) >/tmp/dinsos-apt.log 2>&1 \
    || echo "PERINGATAN: gagal memasang$missing (lihat /tmp/dinsos-apt.log)."
else
  echo "PERINGATAN: paket Debian belum terpasang dan apt tidak dapat dipakai:$missing"
fi
exit 0
