# One workload may not take more than its team's per-workload GPU cap
# (data.gpuarbiter.config.workloadGpuCap: a default and per-team overrides), measured in GPUe
# before a pool is chosen (input.gpus: whole GPUs count 1, a fraction its share, a MIG slice its
# compute share, an ask for GPU memory one GPU). Larger work is split, or the cap raised.
package gpuarbiter.policies.team_workload_gpu_cap

import rego.v1

import data.gpuarbiter.lib.config
import data.gpuarbiter.lib.input as req
import data.gpuarbiter.lib.numbers

metadata := {
	"name": "team-workload-gpu-cap",
	"version": "1.0.0",
	"enforcement": "deny",
	"title": "Per-workload GPU cap per team",
}

team := req.team

team := null if not req.team

whose := sprintf("team %s", [req.team]) if req.team

whose := "workloads without a team" if not req.team

violation contains msg if {
	cap := config.workload_gpu_cap(team)
	is_number(cap)
	input.gpus > cap
	msg := sprintf(
		"the workload asks for %s GPUe, over the per-workload cap of %s for %s: split it or ask an admin to raise the cap",
		[numbers.text(input.gpus), numbers.text(cap), whose],
	)
}
