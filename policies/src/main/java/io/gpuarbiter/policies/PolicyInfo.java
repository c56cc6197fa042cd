package io.gpuarbiter.policies;

import io.gpuarbiter.arbitration.policy.PolicyOutcome;

/** A policy of the bundle as evaluated: name, version and the enforcement action in force. */
public record PolicyInfo(String name, String version, PolicyOutcome.Enforcement enforcement) {}
