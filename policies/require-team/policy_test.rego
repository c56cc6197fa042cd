package gpuarbiter.test.policies.require_team

import rego.v1

import data.gpuarbiter.policies.require_team as policy

test_null_team_is_denied if {
	count(policy.violation) == 1 with input as {"team": null, "workload": {"namespace": "scratch"}}
}

test_absent_team_is_denied if {
	count(policy.violation) == 1 with input as {"workload": {"namespace": "scratch"}}
}

test_team_passes if {
	count(policy.violation) == 0 with input as {"team": "vision", "workload": {"namespace": "vision"}}
}

test_message_names_the_namespace if {
	some msg in policy.violation with input as {"workload": {"namespace": "scratch"}}
	contains(msg, "scratch")
}
