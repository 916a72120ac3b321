#!/bin/sh
# The main job on the embedded sample: install what is missing, build, brief.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [ $# -eq 0 ]; then set -- data/samples/depeches_exemple.txt; fi
build/depeche brief "$@"
