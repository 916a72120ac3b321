#!/bin/sh
# Installs the Debian packages depeche needs, only those missing. Idempotent.
set -eu
PKGS="build-essential cmake ninja-build pkg-config python3 libicu-dev libutf8proc-dev libcli11-dev
libfmt-dev libspdlog-dev libgtest-dev libgmock-dev libbenchmark-dev libstemmer-dev nlohmann-json3-dev libsimdjson-dev
hunspell-fr parallel"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "installing:$missing" >&2
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
