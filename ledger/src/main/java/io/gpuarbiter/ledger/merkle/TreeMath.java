package io.gpuarbiter.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of RFC 9162 trees, without any hashes: which leaf ranges a proof consists of, and which
 * perfect subtrees make up a range. Keeping this separate lets storage fetch every node a proof
 * needs in one query before any hashing happens.
 */
public final class TreeMath {

  private TreeMath() {}

  /** A leaf range [from, to), whose hash is MTH(D[from:to]). */
  public record Range(long from, long to) {}

  /** The largest power of two strictly smaller than {@code n} (n ≥ 2): RFC 9162's split point k. */
  public static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  /**
   * The perfect subtrees whose right fold is MTH(D[from:to]), left to right. Ranges produced by the
   * RFC recursion always start on a boundary aligned to their own width, so greedily taking the
   * largest aligned power of two yields exactly the RFC split.
   */
  public static List<NodeId> perfectNodes(long from, long to) {
    List<NodeId> nodes = new ArrayList<>();
    long at = from;
    while (at < to) {
      long width = Long.highestOneBit(to - at);
      while (at % width != 0) {
        width >>= 1;
      }
      int level = Long.numberOfTrailingZeros(width);
      nodes.add(new NodeId(level, at >> level));
      at += width;
    }
    return nodes;
  }

  /** RFC 9162 PATH(m, D[0:n]) as leaf ranges, in proof order (bottom of the tree first). */
  public static List<Range> inclusionRanges(long index, long size) {
    List<Range> out = new ArrayList<>();
    path(index, 0, size, out);
    return out;
  }

  private static void path(long m, long lo, long hi, List<Range> out) {
    long n = hi - lo;
    if (n <= 1) {
      return;
    }
    long k = split(n);
    if (m < k) {
      path(m, lo, lo + k, out);
      out.add(new Range(lo + k, hi));
    } else {
      path(m - k, lo + k, hi, out);
      out.add(new Range(lo, lo + k));
    }
  }

  /** RFC 9162 PROOF(m, D[0:n]) as leaf ranges, for 0 < m < n; empty when m == n. */
  public static List<Range> consistencyRanges(long m, long n) {
    List<Range> out = new ArrayList<>();
    if (m > 0 && m < n) {
      subproof(m, 0, n, true, out);
    }
    return out;
  }

  private static void subproof(long m, long lo, long hi, boolean complete, List<Range> out) {
    long n = hi - lo;
    if (m == n) {
      if (!complete) {
        out.add(new Range(lo, hi));
      }
      return;
    }
    long k = split(n);
    if (m <= k) {
      subproof(m, lo, lo + k, complete, out);
      out.add(new Range(lo + k, hi));
    } else {
      subproof(m - k, lo + k, hi, false, out);
      out.add(new Range(lo, lo + k));
    }
  }
}
