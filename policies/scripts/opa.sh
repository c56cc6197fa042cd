#!/usr/bin/env bash
# Builds the pinned OPA CLI (opa-tool/go.mod) into policies/.tools/opa when it is missing or older
# than the module files, then runs it with the given arguments. Only the Go module proxy is used:
# the first build downloads OPA's module graph into GOMODCACHE (about 100 s), later ones relink
# from the Go build cache (about 3 s) or are skipped.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/opa"
src="$root/opa-tool"
if [[ ! -x "$bin" || "$src/go.mod" -nt "$bin" || "$src/go.sum" -nt "$bin" || "$src/main.go" -nt "$bin" ]]; then
  echo "building the pinned OPA CLI from $src/go.mod" >&2
  (cd "$src" && GOFLAGS=-mod=readonly go build -trimpath -o "$bin" .)
fi
exec "$bin" "$@"
