# Container image references, normalised the way the container runtime resolves them: a first
# path component with a dot or a colon, or "localhost", names a registry; otherwise the image
# comes from Docker Hub (docker.io, with "library/" for single-name images).
package gpuarbiter.lib.images

import rego.v1

# The image without tag or digest, with its registry spelled out: "docker.io/library/ubuntu".
repository(image) := concat("/", [registry(image), path(image)])

registry(image) := first if {
	first := split(name_part(image), "/")[0]
	explicit_registry(first)
} else := "docker.io"

path(image) := rest if {
	parts := split(name_part(image), "/")
	explicit_registry(parts[0])
	rest := concat("/", array.slice(parts, 1, count(parts)))
} else := concat("/", ["library", name_part(image)]) if {
	# Docker Hub's official images live under library/.
	not contains(name_part(image), "/")
} else := name_part(image)

# Whether the image comes from one of the allowed registries. An entry is a registry host
# ("nvcr.io") or a registry host with a path prefix ("ghcr.io/acme"); it matches whole
# path components only, so "ghcr.io/acme" does not allow "ghcr.io/acme-evil/x".
allowed(image, entries) if {
	repo := repository(image)
	some entry in entries
	within(repo, entry)
}

within(repo, entry) if repo == entry

within(repo, entry) if startswith(repo, concat("", [trim_suffix(entry, "/"), "/"]))

# The reference without "@digest" and without ":tag" (a colon after the last slash).
name_part(image) := without_tag if {
	no_digest := split(image, "@")[0]
	segments := split(no_digest, "/")
	last := segments[count(segments) - 1]
	untagged := split(last, ":")[0]
	without_tag := concat("/", array.concat(array.slice(segments, 0, count(segments) - 1), [untagged]))
}

explicit_registry(component) if contains(component, ".")

explicit_registry(component) if contains(component, ":")

explicit_registry("localhost")
