package gpuarbiter.test.lib.input

import rego.v1

import data.gpuarbiter.lib.input as req

test_null_team_reads_as_absent if {
	not req.team with input as {"team": null}
}

test_empty_team_reads_as_absent if {
	not req.team with input as {"team": ""}
}

test_team_present if {
	req.team == "vision" with input as {"team": "vision"}
}

test_empty_pod_sets_have_no_demand if {
	count(req.demand_kinds) == 0 with input as {"podSets": [{"count": 0, "demand": {"kind": "whole"}}]}
}

test_demand_kinds_are_collected if {
	req.demand_kinds == {"whole", "mig"} with input as {"podSets": [
		{"count": 1, "demand": {"kind": "whole"}},
		{"count": 2, "demand": {"kind": "mig"}},
	]}
}
