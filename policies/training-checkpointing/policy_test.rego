package gpuarbiter.test.policies.training_checkpointing

import rego.v1

import data.gpuarbiter.policies.training_checkpointing as policy

training(preemptible, borrowing, checkpointing) := {
	"class": "training",
	"preemptible": preemptible,
	"borrowing": borrowing,
	"checkpointing": checkpointing,
}

test_preemptible_without_checkpointing_is_denied if {
	count(policy.violation) == 1 with input as training(true, false, false)
}

test_borrowed_without_checkpointing_is_denied if {
	count(policy.violation) == 1 with input as training(false, true, false)
}

test_both_reasons_are_named if {
	some msg in policy.violation with input as training(true, true, false)
	contains(msg, "borrowed and preemptible")
}

test_checkpointing_passes if {
	count(policy.violation) == 0 with input as training(true, true, true)
}

test_guaranteed_non_preemptible_needs_no_checkpointing if {
	count(policy.violation) == 0 with input as training(false, false, false)
}

test_other_classes_are_not_checked if {
	count(policy.violation) == 0 with input as object.union(training(true, true, false), {"class": "batch"})
}
