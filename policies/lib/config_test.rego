package gpuarbiter.test.lib.config

import rego.v1

import data.gpuarbiter.lib.config

cfg := {
	"workloadGpuCap": {"default": 8, "teams": {"big": 64}},
	"enforcement": {"p1": "warn", "p2": "block"},
}

test_team_cap_wins_over_default if {
	config.workload_gpu_cap("big") == 64 with data.gpuarbiter.config as cfg
}

test_default_cap_for_other_teams if {
	config.workload_gpu_cap("small") == 8 with data.gpuarbiter.config as cfg
}

test_default_cap_without_team if {
	config.workload_gpu_cap(null) == 8 with data.gpuarbiter.config as cfg
}

test_no_cap_configured if {
	config.workload_gpu_cap("small") == null with data.gpuarbiter.config as {}
}

test_enforcement_override if {
	config.enforcement("p1", "deny") == "warn" with data.gpuarbiter.config as cfg
}

test_invalid_override_keeps_declared_action if {
	config.enforcement("p2", "deny") == "deny" with data.gpuarbiter.config as cfg
}

test_no_override if {
	config.enforcement("p3", "dryrun") == "dryrun" with data.gpuarbiter.config as cfg
}
