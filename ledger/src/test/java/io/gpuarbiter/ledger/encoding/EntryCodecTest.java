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
  void aSubjectMakesItVersionTwoWithTheSubjectBeforeTheBody() throws Exception {
    EntryDraft about =
        new EntryDraft(
            DRAFT.kind(),
            DRAFT.recordedAt(),
            DRAFT.team(),
            DRAFT.namespace(),
            DRAFT.outcome(),
            "req-7",
            DRAFT.body());
    String v1 = HexFormat.of().formatHex(EntryCodec.encode(DRAFT));
    String body = "00000010" + "7b2272657175657374223a227231227d";
    // Pinned: version byte 2, then version 1's fields, then str subject, then the body.
    assertThat(HexFormat.of().formatHex(EntryCodec.encode(about)))
        .isEqualTo(
            "02" + v1.substring(2, v1.length() - body.length()) + "0005" + "7265712d37" + body);
    assertThat(EntryCodec.decode(EntryCodec.encode(about))).isEqualTo(about);
    assertThat(EntryCodec.decode(EntryCodec.encode(DRAFT)).subject()).isNull();
  }

  @Test
  void versionTwoWithoutASubjectIsNotCanonical() {
    // A version-1 entry relabelled as version 2 would read its body length as a subject.
    byte[] relabelled = EntryCodec.encode(DRAFT);
    relabelled[0] = 2;
    assertThatThrownBy(() -> EntryCodec.decode(relabelled))
        .isInstanceOf(MalformedEntryException.class);
    byte[] emptySubject =
        HexFormat.of()
            .parseHex(
                "02"
                    + "0001"
                    + "6b"
                    + "0000000000000000"
                    + "00000000"
                    + "00"
                    + "00"
                    + "00"
                    + "0000"
                    + "00000000");
    assertThatThrownBy(() -> EntryCodec.decode(emptySubject))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("subject");
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
    long seed = Long.getLong("fuzz.seed", 1729L);
    System.out.println("EntryCodecTest seed=" + seed + " replay with -Dfuzz.seed=" + seed);
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
              rnd.nextBoolean() ? null : "req-" + rnd.nextInt(),
              body);
      assertThat(EntryCodec.decode(EntryCodec.encode(d))).as("seed %d", seed).isEqualTo(d);
    }
  }

  @Test
  void rejectsUnknownVersionTruncationAndTrailingBytes() {
    byte[] good = EntryCodec.encode(DRAFT);
    byte[] v3 = good.clone();
    v3[0] = 3;
    assertThatThrownBy(() -> EntryCodec.decode(v3)).hasMessageContaining("version 3");
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
    assertThatThrownBy(() -> new EntryDraft("k", Instant.EPOCH, null, null, null, "", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            new EntryDraft("k", Instant.EPOCH, null, null, null, "s".repeat(257), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
