package gpuarbiter.test.policies.experimentation_max_runtime

import rego.v1

import data.gpuarbiter.policies.experimentation_max_runtime as policy

cfg := {"classDefaults": {"experimentation": {"maxRuntimeSeconds": 3600}}}

experiment(runtime, class_limit) := {
	"class": "experimentation",
	"maxRuntimeSeconds": runtime,
	"classMaxRuntimeSeconds": class_limit,
}

test_missing_runtime_is_denied if {
	count(policy.violation) == 1 with input as experiment(null, null) with data.gpuarbiter.config as cfg
}

test_runtime_within_default_limit_passes if {
	count(policy.violation) == 0 with input as experiment(3600, null) with data.gpuarbiter.config as cfg
}

test_runtime_over_default_limit_is_denied if {
	count(policy.violation) == 1 with input as experiment(3601, null) with data.gpuarbiter.config as cfg
}

test_class_limit_from_model_wins_over_default if {
	count(policy.violation) == 0 with input as experiment(7200, 7200) with data.gpuarbiter.config as cfg
	count(policy.violation) == 1 with input as experiment(7201, 7200) with data.gpuarbiter.config as cfg
}

test_no_limit_anywhere_only_requires_declaration if {
	count(policy.violation) == 0 with input as experiment(999999, null) with data.gpuarbiter.config as {}
}

test_other_classes_are_not_time_boxed_here if {
	count(policy.violation) == 0 with input as {"class": "training", "maxRuntimeSeconds": null} with data.gpuarbiter.config as cfg
}

test_message_carries_the_numbers if {
	some msg in policy.violation with input as experiment(7200, null) with data.gpuarbiter.config as cfg
	contains(msg, "7200s")
	contains(msg, "3600s")
}
