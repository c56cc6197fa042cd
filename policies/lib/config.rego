# Organisation parameters. Every policy reads its knobs from data.gpuarbiter.config (the
# data.json shipped in the bundle), so an organisation customises the library without editing
# Rego; the defaults here apply when a key is missing.
package gpuarbiter.lib.config

import rego.v1

default config := {}

config := data.gpuarbiter.config

production_namespaces := object.get(config, ["production", "namespaces"], [])

production_prefixes := object.get(config, ["production", "namespacePrefixes"], [])

allowed_registries := object.get(config, "allowedRegistries", [])

priority_classes := object.get(config, "priorityClasses", {})

class_default(class, key) := object.get(config, ["classDefaults", class, key], null)

# A team's per-workload GPU cap: its own entry, else the default; null when neither is set.
workload_gpu_cap(team) := cap if {
	is_string(team)
	cap := config.workloadGpuCap.teams[team]
} else := object.get(config, ["workloadGpuCap", "default"], null)

# The enforcement action in force for a policy: an override in data, else the policy's own.
enforcement(name, declared) := action if {
	action := config.enforcement[name]
	action in {"deny", "warn", "dryrun"}
} else := declared
