# Priority classes are restricted per workload class
# (data.gpuarbiter.config.priorityClasses[class] lists the allowed names), so experimentation
# cannot ask for inference priority and preempt serving. A class without an entry is unrestricted;
# a workload without a priority class gets its class's default from the engine.
package gpuarbiter.policies.priority_class_per_workload_class

import rego.v1

import data.gpuarbiter.lib.config
import data.gpuarbiter.lib.input as req

metadata := {
	"name": "priority-class-per-workload-class",
	"version": "1.0.0",
	"enforcement": "deny",
	"title": "Priority classes restricted per workload class",
}

violation contains msg if {
	req.has("priorityClass")
	allowed := config.priority_classes[req.class]
	not input.priorityClass in allowed
	msg := sprintf(
		"priority class %s is not allowed for %s workloads: use one of %s, or none for the class default",
		[input.priorityClass, req.class, concat(", ", allowed)],
	)
}
