# Readers of the policy input document (io.gpuarbiter.policies.PolicyInput, schema
# gpu-arbiter.io/policy-input/v1). Absent and null values read the same.
package gpuarbiter.lib.input

import rego.v1

has(key) if {
	value := input[key]
	value != null
	value != ""
}

class := input.class if has("class")

team := input.team if has("team")

namespace := input.workload.namespace

# Demand kinds of the pod sets that ask for GPUs (count > 0).
demand_kinds contains set.demand.kind if {
	some set in input.podSets
	set.count > 0
}
