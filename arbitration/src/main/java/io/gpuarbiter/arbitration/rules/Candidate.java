package io.gpuarbiter.arbitration.rules;

import io.gpuarbiter.arbitration.model.Pool;

/** A placement the class and coexistence rules allow: a pool and how the request runs there. */
public record Candidate(Pool pool, PodShape shape) {}
