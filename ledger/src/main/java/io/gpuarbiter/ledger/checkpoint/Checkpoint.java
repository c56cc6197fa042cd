package io.gpuarbiter.ledger.checkpoint;

import io.gpuarbiter.ledger.merkle.Hashes;
import java.util.Base64;
import java.util.Objects;

/**
 * A C2SP tlog-checkpoint body: three lines, each ending in a newline — the origin, the tree size in
 * decimal, the base64 root hash. (Optional extension lines are not produced; on parsing they are
 * rejected, because this log never signs any.)
 */
public record Checkpoint(String origin, long size, byte[] rootHash) {

  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    if (origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("origin must be one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size");
    }
    if (rootHash.length != Hashes.SIZE) {
      throw new IllegalArgumentException("root hash must be 32 bytes");
    }
    rootHash = rootHash.clone();
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The body text that gets signed. */
  public String body() {
    return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
  }

  /** Parses a checkpoint body (the text before the blank line of a signed note). */
  public static Checkpoint parse(String body) throws CheckpointException {
    if (!body.endsWith("\n")) {
      throw new CheckpointException("checkpoint body must end with a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length != 3) {
      throw new CheckpointException("checkpoint body must have 3 lines, has " + lines.length);
    }
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new CheckpointException("tree size is not a canonical decimal: " + lines[1]);
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException("root hash is not base64");
    }
    if (root.length != Hashes.SIZE || !Base64.getEncoder().encodeToString(root).equals(lines[2])) {
      throw new CheckpointException("root hash is not a canonical base64 SHA-256");
    }
    try {
      return new Checkpoint(lines[0], Long.parseLong(lines[1]), root);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && origin.equals(c.origin)
        && size == c.size
        && java.util.Arrays.equals(rootHash, c.rootHash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, java.util.Arrays.hashCode(rootHash));
  }

  @Override
  public String toString() {
    return "Checkpoint[" + body().replace('\n', ' ').trim() + "]";
  }
}
