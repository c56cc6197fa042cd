# Production inference is latency-critical: it gets hardware isolation, MIG slices or whole GPUs
# (whole devices, also through DRA), never a time-sliced share (KAI gpu-fraction or gpu-memory,
# HAMi shares) and never an ask whose shape cannot be verified.
package gpuarbiter.policies.production_inference_isolation

import rego.v1

import data.gpuarbiter.lib.input as req
import data.gpuarbiter.lib.namespaces

metadata := {
	"name": "production-inference-isolation",
	"version": "1.0.0",
	"enforcement": "deny",
	"title": "Production inference uses MIG or whole GPUs",
}

isolated := {"whole", "mig", "dra"}

violation contains msg if {
	req.class == "inference"
	namespaces.production(req.namespace)
	some set in input.podSets
	set.count > 0
	not set.demand.kind in isolated
	msg := sprintf(
		"production inference must use MIG slices or whole GPUs, but pod set %s asks for a %s share: request nvidia.com/mig-<profile> or nvidia.com/gpu",
		[set.name, set.demand.kind],
	)
}
