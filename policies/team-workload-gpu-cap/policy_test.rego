package gpuarbiter.test.policies.team_workload_gpu_cap

import rego.v1

import data.gpuarbiter.policies.team_workload_gpu_cap as policy

cfg := {"workloadGpuCap": {"default": 8, "teams": {"llm": 64}}}

test_over_default_cap_is_denied if {
	count(policy.violation) == 1 with input as {"team": "vision", "gpus": 9} with data.gpuarbiter.config as cfg
}

test_at_cap_passes if {
	count(policy.violation) == 0 with input as {"team": "vision", "gpus": 8} with data.gpuarbiter.config as cfg
}

test_team_cap_applies if {
	count(policy.violation) == 0 with input as {"team": "llm", "gpus": 64} with data.gpuarbiter.config as cfg
	count(policy.violation) == 1 with input as {"team": "llm", "gpus": 65} with data.gpuarbiter.config as cfg
}

test_fractions_count if {
	count(policy.violation) == 1 with input as {"team": "vision", "gpus": 8.5} with data.gpuarbiter.config as cfg
}

test_no_team_uses_default if {
	count(policy.violation) == 1 with input as {"team": null, "gpus": 9} with data.gpuarbiter.config as cfg
}

test_no_cap_configured if {
	count(policy.violation) == 0 with input as {"team": "vision", "gpus": 1000} with data.gpuarbiter.config as {}
}

test_message_prints_numbers_plainly if {
	some msg in policy.violation with input as {"team": "vision", "gpus": 9.0} with data.gpuarbiter.config as cfg
	contains(msg, "asks for 9 GPUe, over the per-workload cap of 8 for team vision")
}

test_message_without_team if {
	some msg in policy.violation with input as {"team": null, "gpus": 8.5} with data.gpuarbiter.config as cfg
	contains(msg, "8.5 GPUe")
	contains(msg, "for workloads without a team")
}
