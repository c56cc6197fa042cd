package gpuarbiter.test.entrypoint

import rego.v1

import data.gpuarbiter.entrypoint

# A request every shipped policy accepts under the shipped data.json.
clean := {
	"workload": {"kind": "Job", "namespace": "vision", "name": "train", "uid": "u1"},
	"team": "vision",
	"class": "training",
	"classExplicit": true,
	"images": ["nvcr.io/nvidia/pytorch:24.05-py3"],
	"priorityClass": "train",
	"preemptible": false,
	"borrowing": false,
	"checkpointing": false,
	"maxRuntimeSeconds": null,
	"classMaxRuntimeSeconds": null,
	"podSets": [{"name": "worker", "count": 2, "demand": {"kind": "whole", "count": 4}}],
	"gpus": 8,
}

test_every_policy_is_listed_with_its_version if {
	names := {p.name | some p in entrypoint.result.policies}
	count(names) == 8
	every p in entrypoint.result.policies {
		p.version == "1.0.0"
		p.enforcement in {"deny", "warn", "dryrun"}
	}
}

test_clean_request_has_no_outcomes if {
	count(entrypoint.result.outcomes) == 0 with input as clean
}

test_violation_becomes_an_outcome if {
	some o in entrypoint.result.outcomes with input as object.union(clean, {"team": null})
	o.policy == "require-team"
	o.enforcement == "deny"
	o.version == "1.0.0"
}

test_enforcement_override_from_data if {
	some o in entrypoint.result.outcomes
		with input as object.union(clean, {"team": null})
		with data.gpuarbiter.config.enforcement as {"require-team": "dryrun"}
	o.policy == "require-team"
	o.enforcement == "dryrun"
}
