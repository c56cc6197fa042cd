#!/usr/bin/env bash
# Fails when a policy folder lacks its tests or samples (gatekeeper-library's require-suites):
# every folder with Rego, other than the support folders, needs policy.rego, policy_test.rego,
# README.md, at least one samples/allowed/*.json and one samples/denied/*.json. Support folders
# need at least one *_test.rego.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
missing=0
shopt -s nullglob
for dir in "$root"/*/; do
  name="$(basename "$dir")"
  rego=("$dir"*.rego)
  [[ ${#rego[@]} -eq 0 ]] && continue
  if [[ " ${support_folders[*]} " == *" $name "* ]]; then
    tests=("$dir"*_test.rego)
    if [[ ${#tests[@]} -eq 0 ]]; then echo "$name: no *_test.rego" >&2; missing=1; fi
    continue
  fi
  for f in policy.rego policy_test.rego README.md; do
    if [[ ! -s "$dir$f" ]]; then echo "$name: missing $f" >&2; missing=1; fi
  done
  for kind in allowed denied; do
    samples=("$dir"samples/$kind/*.json)
    if [[ ${#samples[@]} -eq 0 ]]; then echo "$name: no samples/$kind/*.json" >&2; missing=1; fi
  done
done
if [[ $missing -ne 0 ]]; then
  echo "policy library incomplete: every policy needs tests and allowed/denied samples" >&2
  exit 1
fi
echo "every policy folder has tests, README and samples"
