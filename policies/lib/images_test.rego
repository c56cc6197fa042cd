package gpuarbiter.test.lib.images

import rego.v1

import data.gpuarbiter.lib.images

test_registry_host_with_path_and_tag if {
	images.repository("nvcr.io/nvidia/pytorch:24.05-py3") == "nvcr.io/nvidia/pytorch"
}

test_registry_with_port if {
	images.repository("localhost:5000/train:v1") == "localhost:5000/train"
}

test_localhost_without_port if {
	images.registry("localhost/train") == "localhost"
}

test_docker_hub_official_image if {
	images.repository("ubuntu:22.04") == "docker.io/library/ubuntu"
}

test_docker_hub_user_image if {
	images.repository("pytorch/pytorch:2.3.0-cuda12.1") == "docker.io/pytorch/pytorch"
}

test_digest_is_dropped if {
	images.repository("ghcr.io/acme/app@sha256:0123abcd") == "ghcr.io/acme/app"
}

test_tag_and_digest_are_dropped if {
	images.repository("ghcr.io/acme/app:1.0@sha256:0123abcd") == "ghcr.io/acme/app"
}

test_allowed_by_registry_host if {
	images.allowed("nvcr.io/nvidia/pytorch:24.05-py3", ["nvcr.io"])
}

test_allowed_by_path_prefix if {
	images.allowed("ghcr.io/acme/team/app:1", ["ghcr.io/acme"])
}

test_prefix_matches_whole_components_only if {
	not images.allowed("ghcr.io/acme-evil/app:1", ["ghcr.io/acme"])
}

test_registry_must_not_merely_look_alike if {
	not images.allowed("nvcr.io.evil.example/nvidia/pytorch", ["nvcr.io"])
}

test_docker_hub_needs_an_entry if {
	not images.allowed("ubuntu", ["nvcr.io"])
	images.allowed("ubuntu", ["docker.io/library"])
}
