#!/usr/bin/env bash
# The policy library's test command (CI and local): formatting, strict compilation, unit tests,
# and the tests-and-samples check. Any failure fails the run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
echo "== opa fmt (fails on any file that would change)"
"$opa" fmt --list --fail .
echo "== opa check --strict"
"$opa" check --strict "${ignores[@]}" .
echo "== opa test"
"$opa" test -v "${ignores[@]}" .
echo "== tests and samples per policy"
"$root/scripts/require-suites.sh"
