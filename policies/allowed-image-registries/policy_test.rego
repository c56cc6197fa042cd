package gpuarbiter.test.policies.allowed_image_registries

import rego.v1

import data.gpuarbiter.policies.allowed_image_registries as policy

cfg := {"allowedRegistries": ["nvcr.io/nvidia", "registry.acme.example"]}

test_allowed_images_pass if {
	count(policy.violation) == 0 with input as {"images": [
		"nvcr.io/nvidia/pytorch:24.05-py3",
		"registry.acme.example/ml/trainer@sha256:abc",
	]}
		with data.gpuarbiter.config as cfg
}

test_each_foreign_image_is_reported if {
	count(policy.violation) == 2 with input as {"images": [
		"nvcr.io/nvidia/pytorch:24.05-py3",
		"docker.io/someone/miner:latest",
		"ubuntu:22.04",
	]}
		with data.gpuarbiter.config as cfg
}

test_path_prefix_is_enforced if {
	count(policy.violation) == 1 with input as {"images": ["nvcr.io/other/pytorch:1"]} with data.gpuarbiter.config as cfg
}

test_no_images_nothing_to_check if {
	count(policy.violation) == 0 with input as {"images": []} with data.gpuarbiter.config as cfg
}

test_unconfigured_registries_turn_the_policy_off if {
	count(policy.violation) == 0 with input as {"images": ["ubuntu"]} with data.gpuarbiter.config as {}
}

test_message_shows_the_resolved_repository if {
	some msg in policy.violation with input as {"images": ["ubuntu:22.04"]} with data.gpuarbiter.config as cfg
	contains(msg, "docker.io/library/ubuntu")
}
