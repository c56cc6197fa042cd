# Which namespaces count as production: listed by name or by prefix in the configuration.
package gpuarbiter.lib.namespaces

import rego.v1

import data.gpuarbiter.lib.config

production(ns) if ns in config.production_namespaces

production(ns) if {
	some prefix in config.production_prefixes
	startswith(ns, prefix)
}
