# GPU workloads run only images from the registries the organisation trusts
# (data.gpuarbiter.config.allowedRegistries: registry hosts or host/path prefixes). With no
# registries configured the policy is off; with no images in the input there is nothing to check.
package gpuarbiter.policies.allowed_image_registries

import rego.v1

import data.gpuarbiter.lib.config
import data.gpuarbiter.lib.images

metadata := {
	"name": "allowed-image-registries",
	"version": "1.0.0",
	"enforcement": "deny",
	"title": "GPU workloads use images from allowed registries only",
}

violation contains msg if {
	count(config.allowed_registries) > 0
	some image in input.images
	not images.allowed(image, config.allowed_registries)
	msg := sprintf(
		"image %s (%s) is not from an allowed registry: use one of %s",
		[image, images.repository(image), concat(", ", config.allowed_registries)],
	)
}
