package io.gpuarbiter.ledger.verify;

import io.gpuarbiter.ledger.StoredEntry;
import io.gpuarbiter.ledger.merkle.InclusionProof;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON shapes of the REST API for an entry ({@code {"seq", "leafHash", "canonical"}}) and an
 * inclusion proof ({@code {"leafIndex", "treeSize", "hashes"}}), written and read without a JSON
 * library so the verifier jar stays small. Reading is deliberately narrow: it extracts the named
 * members of a flat object and ignores the others.
 */
public final class ProofFiles {

  private ProofFiles() {}

  /** An entry as JSON (the members the offline check needs). */
  public static String entryJson(StoredEntry e) {
    Base64.Encoder b64 = Base64.getEncoder();
    return "{\"seq\":%d,\"leafHash\":\"%s\",\"canonical\":\"%s\"}\n"
        .formatted(e.seq(), b64.encodeToString(e.leafHash()), b64.encodeToString(e.canonical()));
  }

  /** An inclusion proof as JSON. */
  public static String inclusionJson(InclusionProof p) {
    List<String> hashes = new ArrayList<>();
    p.hashes().forEach(h -> hashes.add("\"" + Base64.getEncoder().encodeToString(h) + "\""));
    return "{\"leafIndex\":%d,\"treeSize\":%d,\"hashes\":[%s]}\n"
        .formatted(p.leafIndex(), p.treeSize(), String.join(",", hashes));
  }

  /** The entry's seq and canonical bytes. */
  public record EntryFile(long seq, byte[] canonical) {}

  /** Parses an entry file. */
  public static EntryFile parseEntry(String json) {
    return new EntryFile(
        Long.parseLong(member(json, "seq", "(-?[0-9]+)")),
        Base64.getDecoder().decode(member(json, "canonical", "\"([A-Za-z0-9+/=]*)\"")));
  }

  /** Parses an inclusion-proof file. */
  public static InclusionProof parseInclusion(String json) {
    long index = Long.parseLong(member(json, "leafIndex", "(-?[0-9]+)"));
    long size = Long.parseLong(member(json, "treeSize", "(-?[0-9]+)"));
    String array = member(json, "hashes", "\\[([^\\]]*)\\]");
    List<byte[]> hashes = new ArrayList<>();
    Matcher m = Pattern.compile("\"([A-Za-z0-9+/=]*)\"").matcher(array);
    while (m.find()) {
      hashes.add(Base64.getDecoder().decode(m.group(1)));
    }
    return new InclusionProof(index, size, hashes);
  }

  private static String member(String json, String name, String valuePattern) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*" + valuePattern).matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("missing \"" + name + "\"");
    }
    return m.group(1);
  }
}
