#!/bin/sh
# Configures and builds depeche in build/ (Release with debug info). Idempotent.
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build
