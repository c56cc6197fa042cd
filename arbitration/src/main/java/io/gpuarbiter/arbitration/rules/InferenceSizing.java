package io.gpuarbiter.arbitration.rules;

import io.gpuarbiter.arbitration.request.ModelHint;

/**
 * GPU memory an inference model needs, from its size hints: parameters × bytes per parameter of its
 * precision (fp32 4, fp16/bf16 2, fp8/int8 1, int4 0.5), times {@link #OVERHEAD}.
 */
public final class InferenceSizing {
  /**
   * Weights are not all: the CUDA context, activations and a modest KV cache add roughly a fifth
   * for typical serving batch sizes (a common rule of thumb for vLLM/TGI deployments).
   */
  public static final double OVERHEAD = 1.2;

  /**
   * Headroom when choosing a MIG profile for an estimate: a slice filled to the brim leaves no room
   * for a longer context or a larger batch, so the chosen slice holds 10% more than estimated.
   * Explicit memory asks (gpu-memory, fractions) are the requester's own sizing and get none.
   */
  public static final double HEADROOM = 1.1;

  private static final double MIB = 1024.0 * 1024.0;

  private InferenceSizing() {}

  /** MiB of GPU memory the model needs to serve. */
  public static long neededMiB(ModelHint hint) {
    return (long) Math.ceil(hint.weightBytes() * OVERHEAD / MIB);
  }
}
