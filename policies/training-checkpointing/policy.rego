# Training that may be preempted (it runs preemptible, or on capacity borrowed from other teams,
# which is reclaimed) loses its progress unless it checkpoints: it must declare a checkpointing
# strategy (annotation gpu-arbiter.io/checkpointing).
package gpuarbiter.policies.training_checkpointing

import rego.v1

import data.gpuarbiter.lib.input as req

metadata := {
	"name": "training-checkpointing",
	"version": "1.0.0",
	"enforcement": "deny",
	"title": "Training on preemptible or borrowed capacity declares checkpointing",
}

reclaimable contains "preemptible" if input.preemptible == true

reclaimable contains "borrowed" if input.borrowing == true

violation contains msg if {
	req.class == "training"
	count(reclaimable) > 0
	not input.checkpointing == true
	msg := sprintf(
		"training on %s capacity must declare checkpointing: annotate the workload gpu-arbiter.io/checkpointing=true",
		[concat(" and ", sort(reclaimable))],
	)
}
