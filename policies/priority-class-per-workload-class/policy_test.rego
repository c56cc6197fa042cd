package gpuarbiter.test.policies.priority_class_per_workload_class

import rego.v1

import data.gpuarbiter.policies.priority_class_per_workload_class as policy

cfg := {"priorityClasses": {
	"inference": ["inference"],
	"experimentation": ["build"],
}}

request(class, priority) := {"class": class, "priorityClass": priority}

test_foreign_priority_is_denied if {
	count(policy.violation) == 1 with input as request("experimentation", "inference") with data.gpuarbiter.config as cfg
}

test_allowed_priority_passes if {
	count(policy.violation) == 0 with input as request("inference", "inference") with data.gpuarbiter.config as cfg
}

test_no_priority_class_passes if {
	count(policy.violation) == 0 with input as request("experimentation", null) with data.gpuarbiter.config as cfg
}

test_unrestricted_class_passes if {
	count(policy.violation) == 0 with input as request("training", "anything") with data.gpuarbiter.config as cfg
}

test_unknown_class_is_not_judged_here if {
	count(policy.violation) == 0 with input as request(null, "inference") with data.gpuarbiter.config as cfg
}

test_message_lists_the_allowed_classes if {
	some msg in policy.violation with input as request("experimentation", "inference") with data.gpuarbiter.config as cfg
	contains(msg, "use one of build")
}
