# Experimentation (notebooks, trials) is time-boxed: it must declare its maximum runtime
# (annotation gpu-arbiter.io/max-runtime) and stay within its class limit. The limit is the
# class's maxDuration from the governance model (input.classMaxRuntimeSeconds), else the
# configured default data.gpuarbiter.config.classDefaults.experimentation.maxRuntimeSeconds.
package gpuarbiter.policies.experimentation_max_runtime

import rego.v1

import data.gpuarbiter.lib.config
import data.gpuarbiter.lib.input as req

metadata := {
	"name": "experimentation-max-runtime",
	"version": "1.0.0",
	"enforcement": "deny",
	"title": "Experimentation declares a maximum runtime within its class limit",
}

limit := input.classMaxRuntimeSeconds if {
	req.has("classMaxRuntimeSeconds")
} else := config.class_default("experimentation", "maxRuntimeSeconds")

violation contains msg if {
	req.class == "experimentation"
	not req.has("maxRuntimeSeconds")
	msg := "experimentation must declare its maximum runtime: annotate the workload gpu-arbiter.io/max-runtime (e.g. 4h)"
}

violation contains msg if {
	req.class == "experimentation"
	is_number(limit)
	input.maxRuntimeSeconds > limit
	msg := sprintf(
		"declared maximum runtime %ds exceeds the experimentation limit of %ds: shorten gpu-arbiter.io/max-runtime",
		[input.maxRuntimeSeconds, limit],
	)
}
