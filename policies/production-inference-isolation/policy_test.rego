package gpuarbiter.test.policies.production_inference_isolation

import rego.v1

import data.gpuarbiter.policies.production_inference_isolation as policy

cfg := {"production": {"namespaces": ["serving"]}}

inference(ns, kind) := {
	"class": "inference",
	"workload": {"namespace": ns},
	"podSets": [{"name": "server", "count": 2, "demand": {"kind": kind}}],
}

test_fraction_in_production_is_denied if {
	count(policy.violation) == 1 with input as inference("serving", "fraction") with data.gpuarbiter.config as cfg
}

test_memory_share_in_production_is_denied if {
	count(policy.violation) == 1 with input as inference("serving", "memory") with data.gpuarbiter.config as cfg
}

test_hami_share_in_production_is_denied if {
	count(policy.violation) == 1 with input as inference("serving", "hami") with data.gpuarbiter.config as cfg
}

test_unsized_in_production_is_denied if {
	count(policy.violation) == 1 with input as inference("serving", "unsized") with data.gpuarbiter.config as cfg
}

test_mig_whole_and_dra_pass if {
	count(policy.violation) == 0 with input as inference("serving", "mig") with data.gpuarbiter.config as cfg
	count(policy.violation) == 0 with input as inference("serving", "whole") with data.gpuarbiter.config as cfg
	count(policy.violation) == 0 with input as inference("serving", "dra") with data.gpuarbiter.config as cfg
}

test_time_slicing_outside_production_passes if {
	count(policy.violation) == 0 with input as inference("research", "fraction") with data.gpuarbiter.config as cfg
}

test_other_classes_may_time_slice_in_production if {
	count(policy.violation) == 0 with input as object.union(inference("serving", "fraction"), {"class": "experimentation"}) with data.gpuarbiter.config as cfg
}

test_empty_pod_set_is_ignored if {
	empty := {"class": "inference", "workload": {"namespace": "serving"}, "podSets": [{"name": "x", "count": 0, "demand": {"kind": "fraction"}}]}
	count(policy.violation) == 0 with input as empty with data.gpuarbiter.config as cfg
}
