#!/usr/bin/env bash
# Builds the two bundles of the library into $1 (default target/classes/policy-bundle):
#   bundle-wasm.tar.gz  Rego compiled to Wasm, for the in-process evaluator (opa-java-wasm)
#   bundle.tar.gz       Rego source, for an OPA server or sidecar (opa run --server -b)
# Both hold the same data.json. The Rego bundle's manifest revision is the SHA-256 of the Wasm
# bundle, so the in-process and the remote evaluator report the same bundle digest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
out="${1:-$root/target/classes/policy-bundle}"
mkdir -p "$out"
cd "$root"
entrypoint=gpuarbiter/entrypoint/result
"$opa" build -t wasm -e "$entrypoint" "${ignores[@]}" --ignore '*_test.rego' -o "$out/bundle-wasm.tar.gz" .
digest="sha256:$(sha256sum "$out/bundle-wasm.tar.gz" | cut -d' ' -f1)"
"$opa" build --revision "$digest" "${ignores[@]}" --ignore '*_test.rego' -o "$out/bundle.tar.gz" .
echo "$digest" > "$out/bundle.digest"
echo "built $out (digest $digest)"
