package io.gpuarbiter.ledger.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

  private static final EntryDraft DRAFT =
      new EntryDraft(
          "admission",
          Instant.parse("2026-03-01T12:00:00.123456789Z"),
          "ml-research",
          "team-ml",
          "admitted",
          "{\"request\":\"r1\"}".getBytes(StandardCharsets.UTF_8));

  @Test
  void encodingIsAPinnedByteSequence() {
    // Pinned: any change to the format must bump FORMAT_VERSION, and this test says so.
    assertThat(HexFormat.of().formatHex(EntryCodec.encode(DRAFT)))
        .isEqualTo(
            "01"
                + "0009"
                + "61646d697373696f6e"
                + "0000000069a42a40"
                + "075bca00"
                + "01"
                + "000b"
                + "6d6c2d7265736561726368"
                + "01"
                + "0007"
                + "7465616d2d6d6c"
                + "01"
                + "0008"
                + "61646d6974746564"
                + "00000010"
                + "7b2272657175657374223a227231227d");
  }

  @Test
  void sameDraftSameBytesAndRoundTrip() throws Exception {
    EntryDraft copy =
        new EntryDraft(
            DRAFT.kind(),
            DRAFT.recordedAt(),
            DRAFT.team(),
            DRAFT.namespace(),
            DRAFT.outcome(),
            DRAFT.body());
    assertThat(EntryCodec.encode(copy)).isEqualTo(EntryCodec.encode(DRAFT));
    assertThat(EntryCodec.decode(EntryCodec.encode(DRAFT))).isEqualTo(DRAFT);
  }

  @Test
  void recordedAtIsTruncatedToMicroseconds() {
    assertThat(DRAFT.recordedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123456Z"));
  }

  @Test
  void absentAndEmptyAttributesEncodeDifferently() {
    EntryDraft absent = new EntryDraft("k", Instant.EPOCH, null, null, null, new byte[0]);
    EntryDraft empty = new EntryDraft("k", Instant.EPOCH, "", null, null, new byte[0]);
    assertThat(EntryCodec.encode(absent)).isNotEqualTo(EntryCodec.encode(empty));
  }

  @Test
  void randomDraftsRoundTrip() throws Exception {
    long seed = System.nanoTime();
    RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    for (int i = 0; i < 500; i++) {
      byte[] body = new byte[rnd.nextInt(200)];
      rnd.nextBytes(body);
      EntryDraft d =
          new EntryDraft(
              "kind-" + rnd.nextInt(10),
              Instant.ofEpochSecond(
                  rnd.nextLong(-1L << 40, 1L << 40), rnd.nextInt(1_000_000) * 1000),
              rnd.nextBoolean() ? null : "team\u00e9" + rnd.nextInt(),
              rnd.nextBoolean() ? null : "ns" + rnd.nextInt(),
              rnd.nextBoolean() ? null : "denied",
              body);
      assertThat(EntryCodec.decode(EntryCodec.encode(d))).as("seed %d", seed).isEqualTo(d);
    }
  }

  @Test
  void rejectsUnknownVersionTruncationAndTrailingBytes() {
    byte[] good = EntryCodec.encode(DRAFT);
    byte[] v2 = good.clone();
    v2[0] = 2;
    assertThatThrownBy(() -> EntryCodec.decode(v2)).hasMessageContaining("version 2");
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 20);
    assertThatThrownBy(() -> EntryCodec.decode(truncated))
        .isInstanceOf(MalformedEntryException.class);
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> EntryCodec.decode(longer)).isInstanceOf(MalformedEntryException.class);
    assertThatThrownBy(() -> EntryCodec.decode(new byte[0]))
        .isInstanceOf(MalformedEntryException.class);
  }

  @Test
  void rejectsBadDrafts() {
    assertThatThrownBy(
            () -> new EntryDraft("Bad Kind", Instant.EPOCH, null, null, null, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new EntryDraft("k", Instant.EPOCH, "x".repeat(257), null, null, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
