package gpuarbiter.test.lib.namespaces

import rego.v1

import data.gpuarbiter.lib.namespaces

cfg := {"production": {"namespaces": ["serving"], "namespacePrefixes": ["prod-"]}}

test_listed_namespace_is_production if {
	namespaces.production("serving") with data.gpuarbiter.config as cfg
}

test_prefixed_namespace_is_production if {
	namespaces.production("prod-llm") with data.gpuarbiter.config as cfg
}

test_other_namespace_is_not_production if {
	not namespaces.production("research") with data.gpuarbiter.config as cfg
}

test_prefix_must_match_at_start if {
	not namespaces.production("my-prod-llm") with data.gpuarbiter.config as cfg
}

test_nothing_is_production_without_configuration if {
	not namespaces.production("serving") with data.gpuarbiter.config as {}
}
