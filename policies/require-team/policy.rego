# Every GPU request is charged to a team: a namespace no team owns (and a request naming no team)
# gets no GPUs. Register the namespace with its team in the governance model.
package gpuarbiter.policies.require_team

import rego.v1

import data.gpuarbiter.lib.input as req

metadata := {
	"name": "require-team",
	"version": "1.0.0",
	"enforcement": "deny",
	"title": "No GPU requests from namespaces without a team",
}

violation contains msg if {
	not req.team
	msg := sprintf(
		"namespace %s belongs to no team: ask a GPU Arbiter admin to add it to a team's namespaces",
		[req.namespace],
	)
}
