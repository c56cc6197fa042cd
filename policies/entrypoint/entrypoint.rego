# The bundle's one entrypoint: every policy under data.gpuarbiter.policies, evaluated against the
# input, as a list of outcomes (policy, version, enforcement, message) plus the list of policies
# that ran. The in-process (Wasm) and the remote (OPA REST API) evaluators both query
# gpuarbiter/entrypoint/result, so both modes evaluate exactly this document.
package gpuarbiter.entrypoint

import rego.v1

import data.gpuarbiter.lib.config

result := {
	"outcomes": outcomes,
	"policies": policies,
}

outcomes contains outcome if {
	some key
	policy := data.gpuarbiter.policies[key]
	some message in policy.violation
	outcome := {
		"policy": policy.metadata.name,
		"version": policy.metadata.version,
		"enforcement": config.enforcement(policy.metadata.name, policy.metadata.enforcement),
		"message": message,
	}
}

policies contains info if {
	some key
	policy := data.gpuarbiter.policies[key]
	info := {
		"name": policy.metadata.name,
		"version": policy.metadata.version,
		"enforcement": config.enforcement(policy.metadata.name, policy.metadata.enforcement),
	}
}
