package gpuarbiter.test.policies.require_explicit_class

import rego.v1

import data.gpuarbiter.policies.require_explicit_class as policy

cfg := {"production": {"namespaces": ["serving"], "namespacePrefixes": ["prod-"]}}

request(ns, explicit) := {"workload": {"namespace": ns}, "classExplicit": explicit}

test_inferred_class_in_production_is_denied if {
	count(policy.violation) == 1 with input as request("prod-llm", false) with data.gpuarbiter.config as cfg
}

test_explicit_class_in_production_passes if {
	count(policy.violation) == 0 with input as request("serving", true) with data.gpuarbiter.config as cfg
}

test_inferred_class_outside_production_passes if {
	count(policy.violation) == 0 with input as request("research", false) with data.gpuarbiter.config as cfg
}

test_missing_flag_counts_as_not_explicit if {
	count(policy.violation) == 1 with input as {"workload": {"namespace": "serving"}} with data.gpuarbiter.config as cfg
}

test_message_names_the_label if {
	some msg in policy.violation with input as request("serving", false) with data.gpuarbiter.config as cfg
	contains(msg, "gpu-arbiter.io/class")
}
