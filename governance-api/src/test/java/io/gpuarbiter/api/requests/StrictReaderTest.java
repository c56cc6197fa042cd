package io.gpuarbiter.api.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuarbiter.api.Inputs;
import io.gpuarbiter.arbitration.approval.RequestDraft;
import io.gpuarbiter.arbitration.model.UserId;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strict reading of request bodies and query parameters: each lax input the REST API used to
 * accept (or answer with a 500) is refused, the message naming the field and the rule.
 */
class StrictReaderTest {
  /** A valid quota-change body; {@code %s} is replaced by the case's own fields. */
  private static final String BASE =
      "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",%s}";

  static Stream<Arguments> refused() {
    return Stream.of(
            refused0(), refused1(), refused2(), refused3(), refused4(), refused5(), refused6())
        .flatMap(s -> s);
  }

  private static Stream<Arguments> refused0() {
    return Stream.of(
        submit(
            "desired true is not 1",
            "\"desired\":true",
            "desired: expected a number, got a boolean"),
        submit(
            "desired [0] is not 0", "\"desired\":[0]", "desired: expected a number, got an array"),
        submit(
            "desired \"13\" is not 13",
            "\"desired\":\"13\"",
            "desired: expected a number, got a string"),
        submit(
            "desired as an object",
            "\"desired\":{\"v\":1}",
            "desired: expected a number, got an object"),
        submit(
            "a number is not a justification",
            "\"desired\":1,\"justification\":42",
            "justification: expected a string, got a number"),
        body(
            "trailing garbage after the object",
            BASE.formatted("\"desired\":1") + " x",
            "body: not valid JSON"));
  }

  private static Stream<Arguments> refused1() {
    return Stream.of(
        body(
            "a second object after the first",
            BASE.formatted("\"desired\":1") + "{}",
            "body: unexpected data after the JSON object"),
        body(
            "an array instead of an object",
            "[" + BASE.formatted("\"desired\":1") + "]",
            "body: expected a JSON object"),
        body(
            "a repeated field",
            BASE.formatted("\"desired\":1,\"desired\":0"),
            "Duplicate field 'desired'"),
        submit("an unknown field", "\"desired\":1,\"desried\":2", "desried: unknown field"),
        submit(
            "until in year +99999",
            "\"desired\":1,\"until\":\"+99999-01-01T00:00:00Z\"",
            "until: expected an RFC 3339 UTC time"),
        submit(
            "until in year 1999",
            "\"desired\":1,\"until\":\"1999-12-31T23:59:59Z\"",
            "in years 2000–9999, got \"1999"),
        submit(
            "from with an offset instead of Z",
            "\"desired\":1,\"from\":\"2026-01-01T00:00:00+01:00\"",
            "from: expected an RFC 3339 UTC time"),
        submit(
            "until not after from",
            "\"desired\":1,\"from\":\"2027-01-01T00:00:00Z\",\"until\":\"2026-01-01T00:00:00Z\"",
            "until: must be after from"));
  }

  private static Stream<Arguments> refused2() {
    return Stream.of(
        submit(
            "desired -1",
            "\"desired\":-1",
            "desired: expected a number from 0 to 1000000 with at most 6 decimals, got -1"),
        submit("desired -0.5", "\"desired\":-0.5", "got -0.5"),
        submit("desired 1e30", "\"desired\":1e30", "(exponent beyond ±9)"),
        submit("desired 2^63", "\"desired\":9223372036854775808", "got 9223372036854775808"),
        submit(
            "desired 1e1000000 (exponent bomb)",
            "\"desired\":1e1000000",
            "desired: expected a number from 0 to 1000000"),
        submit("desired 1e-1000000", "\"desired\":1e-1000000", "(exponent beyond ±9)"),
        submit("desired with 7 decimals", "\"desired\":1.0000001", "got 1.0000001"),
        submit("desired above a million", "\"desired\":1000000.5", "got 1000000.5"));
  }

  private static Stream<Arguments> refused3() {
    return Stream.of(
        submit(
            "desired of 40 digits",
            "\"desired\":" + "1".repeat(40),
            "got a number of 40 characters"),
        submit(
            "desired missing",
            "\"justification\":\"x\"",
            "desired: expected GPUe from 0 to 1000000"),
        submit(
            "costEstimate negative",
            "\"desired\":1,\"costEstimate\":-1",
            "costEstimate: expected a number from 0"),
        submit(
            "justification of 4001 characters",
            "\"desired\":1,\"justification\":\"" + "j".repeat(4001) + "\"",
            "justification: at most 4000 characters, got 4001"),
        body(
            "team of 254 characters",
            "{\"kind\":\"quota-change\",\"pool\":\"h100\",\"desired\":1,\"team\":\""
                + "t".repeat(254)
                + "\"}",
            "team: at most 253 characters, got 254"),
        submit(
            "ticketRef of 254 characters",
            "\"desired\":1,\"ticketRef\":\"" + "r".repeat(254) + "\"",
            "ticketRef: at most 253 characters, got 254"),
        submit(
            "subject of 254 characters",
            "\"desired\":1,\"subject\":\"" + "s".repeat(254) + "\"",
            "subject: at most 253 characters, got 254"),
        verdict("granted -1", "{\"granted\":-1}", "granted: expected a number from 0 to 1000000"));
  }

  private static Stream<Arguments> refused4() {
    return Stream.of(
        verdict(
            "granted -0.5", "{\"granted\":-0.5}", "granted: expected a number from 0 to 1000000"),
        verdict("granted 1e30", "{\"granted\":1e30}", "(exponent beyond ±9)"),
        verdict("granted 2^63", "{\"granted\":9223372036854775808}", "got 9223372036854775808"),
        verdict(
            "granted 1e1000000 (exponent bomb)", "{\"granted\":1e1000000}", "(exponent beyond ±9)"),
        verdict("granted true", "{\"granted\":true}", "granted: expected a number, got a boolean"),
        verdict(
            "comment of 4001 characters",
            "{\"comment\":\"" + "c".repeat(4001) + "\"}",
            "comment: at most 4000 characters, got 4001"),
        verdict("a reason on approve", "{\"reason\":\"no\"}", "reason: unknown field"),
        denial(
            "reason of 2 MB",
            "{\"reason\":\"" + "r".repeat(2_000_000) + "\"}",
            "body: not valid JSON"));
  }

  private static Stream<Arguments> refused5() {
    return Stream.of(
        denial(
            "reason of 4001 characters",
            "{\"reason\":\"" + "r".repeat(4001) + "\"}",
            "reason: at most 4000 characters, got 4001"),
        denial("a comment on deny", "{\"comment\":\"no\"}", "comment: unknown field"),
        query(
            "limit -5",
            () -> Inputs.whole("limit", "-5", 1, 1000, 100),
            "limit: expected a whole number from 1 to 1000, got -5"),
        query("limit 1001", () -> Inputs.whole("limit", "1001", 1, 1000, 100), "got 1001"),
        query(
            "limit not a number", () -> Inputs.whole("limit", "ten", 1, 1000, 100), "got \"ten\""),
        query("limit empty", () -> Inputs.whole("limit", "", 1, 1000, 100), "got \"\""),
        query(
            "from -1",
            () -> Inputs.whole("from", "-1", 0, Long.MAX_VALUE, 0),
            "from: expected a whole number from 0"),
        query(
            "from beyond a long",
            () -> Inputs.whole("from", "99999999999999999999", 0, Long.MAX_VALUE, 0),
            "from: expected a whole number"));
  }

  private static Stream<Arguments> refused6() {
    return Stream.of(
        query(
            "since in year +999999999",
            () -> Inputs.instant("since", "+999999999-01-01T00:00:00Z"),
            "since: expected an RFC 3339 UTC time"),
        query(
            "until not a time",
            () -> Inputs.instant("until", "yesterday"),
            "until: expected an RFC 3339 UTC time"),
        query(
            "since on February 30",
            () -> Inputs.instant("since", "2026-02-30T00:00:00Z"),
            "since: expected an RFC 3339 UTC time"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesNamingTheFieldAndTheRule(String name, Supplier<Object> read, String message) {
    assertThatThrownBy(read::get)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aValidBodyReadsAsBefore() {
    RequestDraft d =
        RequestSubmission.read(
                bytes(
                    BASE.formatted(
                        "\"desired\":1.50e1,\"until\":\"2027-01-01T00:00:00Z\","
                            + "\"justification\":\"70B run\",\"costEstimate\":12000")))
            .toDraft(new UserId("ada"));
    assertThat(d.desired().toString()).isEqualTo("15");
    assertThat(d.justification()).isEqualTo("70B run");
    assertThat(d.costEstimate()).contains(12000.0);
    assertThat(RequestSubmission.read(bytes(BASE.formatted("\"desired\":0"))).desired()).isZero();
    assertThat(RequestsController.Verdict.read(new byte[0], Set.of("granted")).granted()).isNull();
    assertThat(Inputs.whole("limit", null, 1, 1000, 100)).isEqualTo(100);
    assertThat(Inputs.instant("since", "2026-11-22T10:00:00.5Z").toString())
        .isEqualTo("2026-11-22T10:00:00.500Z");
  }

  private static Arguments submit(String name, String fields, String message) {
    return body(name, BASE.formatted(fields), message);
  }

  private static Arguments body(String name, String json, String message) {
    Supplier<Object> read = () -> RequestSubmission.read(bytes(json)).toDraft(new UserId("ada"));
    return Arguments.of(name, read, message);
  }

  private static Arguments verdict(String name, String json, String message) {
    Supplier<Object> read =
        () -> RequestsController.Verdict.read(bytes(json), Set.of("granted", "comment"));
    return Arguments.of(name, read, message);
  }

  private static Arguments denial(String name, String json, String message) {
    Supplier<Object> read = () -> RequestsController.Verdict.read(bytes(json), Set.of("reason"));
    return Arguments.of(name, read, message);
  }

  private static Arguments query(String name, Supplier<Object> read, String message) {
    return Arguments.of(name, read, message);
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
