package io.gpuarbiter.arbitration.approval;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.UserId;
import java.time.Instant;

/** One approver's yes, with what they granted. */
public record Approval(UserId approver, Gpue granted, Instant at, String comment) {}
