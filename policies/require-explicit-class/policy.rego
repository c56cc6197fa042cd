# In production namespaces a GPU workload must say what it is for: the label
# gpu-arbiter.io/class, not a guess by classification rules.
package gpuarbiter.policies.require_explicit_class

import rego.v1

import data.gpuarbiter.lib.input as req
import data.gpuarbiter.lib.namespaces

metadata := {
	"name": "require-explicit-class",
	"version": "1.0.0",
	"enforcement": "deny",
	"title": "Explicit workload class in production namespaces",
}

violation contains msg if {
	namespaces.production(req.namespace)
	not input.classExplicit
	msg := sprintf(
		"namespace %s is a production namespace: label the workload gpu-arbiter.io/class=training|inference|batch|experimentation",
		[req.namespace],
	)
}
