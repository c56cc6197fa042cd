package io.gpuarbiter.ledger;

import io.gpuarbiter.ledger.checkpoint.Checkpoint;
import java.time.Instant;

/**
 * A checkpoint as stored: the parsed body, the full signed note ({@code text/plain} for the API),
 * and when the sequencer signed it (not part of the signed text).
 */
public record SignedCheckpoint(Checkpoint checkpoint, String note, Instant signedAt) {}
