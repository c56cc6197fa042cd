# Shared by the policy scripts: where the library is and what is not part of it.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
opa="$root/scripts/opa.sh"
# Everything in the module that is not Rego library: samples are inputs, not data; the Java
# sources, build output and the Go wrapper are no policy either.
ignores=(--ignore samples --ignore src --ignore target --ignore opa-tool --ignore .tools --ignore scripts)
# Folders that hold Rego but are not policies (no samples): shared helpers and the entrypoint.
support_folders=(lib entrypoint)
