package io.gpuarbiter.api.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each lax or oversized input the running service used to accept, coerce or answer with a 500 is
 * now a precise 4xx, and changes nothing: the request store, the ledger's tree size and the teams'
 * guarantees are as before. (Before: {@code "desired": true} was read as 1 and, a decrease, cut
 * nlp's guarantee at once; a 2 MB denial reason was a 500.)
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictInputIT extends ApiState {
  private static final String NLP =
      "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",";
  private static final String SUBMIT = "POST /api/v1/requests";
  private String pending;

  static Stream<Arguments> refused() {
    return Stream.of(refused0(), refused1(), refused2(), refused3(), refused4()).flatMap(s -> s);
  }

  private static Stream<Arguments> refused0() {
    return Stream.of(
        row(
            "desired true",
            SUBMIT,
            NLP + "\"desired\":true}",
            400,
            "desired: expected a number, got a boolean"),
        row(
            "desired [0]",
            SUBMIT,
            NLP + "\"desired\":[0]}",
            400,
            "desired: expected a number, got an array"),
        row(
            "desired \"13\"",
            SUBMIT,
            NLP + "\"desired\":\"13\"}",
            400,
            "desired: expected a number, got a string"),
        row(
            "a number as justification",
            SUBMIT,
            NLP + "\"desired\":13,\"justification\":7}",
            400,
            "justification: expected a string"),
        row(
            "trailing garbage",
            SUBMIT,
            NLP + "\"desired\":13} trailing",
            400,
            "body: not valid JSON"),
        row(
            "a second object",
            SUBMIT,
            NLP + "\"desired\":13}{}",
            400,
            "body: unexpected data after the JSON object"),
        row(
            "until +99999",
            SUBMIT,
            NLP + "\"desired\":13,\"until\":\"+99999-01-01T00:00:00Z\"}",
            400,
            "until: expected an RFC 3339 UTC time"),
        row(
            "an unknown field",
            SUBMIT,
            NLP + "\"desired\":13,\"force\":true}",
            400,
            "force: unknown field"));
  }

  private static Stream<Arguments> refused1() {
    return Stream.of(
        row(
            "desired -1",
            SUBMIT,
            NLP + "\"desired\":-1}",
            400,
            "desired: expected a number from 0 to 1000000"),
        row("desired 1e1000000", SUBMIT, NLP + "\"desired\":1e1000000}", 400, "exponent beyond ±9"),
        row(
            "justification of 4001 characters",
            SUBMIT,
            NLP + "\"desired\":13,\"justification\":\"" + "j".repeat(4001) + "\"}",
            400,
            "justification: at most 4000 characters"),
        row(
            "subject of 254 characters",
            SUBMIT,
            NLP + "\"desired\":13,\"subject\":\"" + "s".repeat(254) + "\"}",
            400,
            "subject: at most 253 characters"),
        row(
            "validateOnly=yes",
            "POST /api/v1/requests?validateOnly=yes",
            NLP + "\"desired\":13}",
            400,
            "validateOnly: expected true or false"),
        row(
            "a body of 70 KB",
            SUBMIT,
            NLP + "\"desired\":13,\"justification\":\"" + "j".repeat(70_000) + "\"}",
            413,
            "body: at most 65536 bytes"),
        row(
            "granted -1",
            "POST approve",
            "{\"granted\":-1}",
            400,
            "granted: expected a number from 0"));
  }

  private static Stream<Arguments> refused2() {
    return Stream.of(
        row("granted -0.5", "POST approve", "{\"granted\":-0.5}", 400, "got -0.5"),
        row("granted 1e30", "POST approve", "{\"granted\":1e30}", 400, "exponent beyond ±9"),
        row(
            "granted 2^63",
            "POST approve",
            "{\"granted\":9223372036854775808}",
            400,
            "got 9223372036854775808"),
        row(
            "granted 1e1000000",
            "POST approve",
            "{\"granted\":1e1000000}",
            400,
            "exponent beyond ±9"),
        row(
            "granted true",
            "POST approve",
            "{\"granted\":true}",
            400,
            "granted: expected a number, got a boolean"),
        row(
            "approve with a 2 MB comment",
            "POST approve",
            "{\"comment\":\"" + "c".repeat(2_000_000) + "\"}",
            413,
            "body: at most 65536 bytes"),
        row(
            "approve with a 4001-character comment",
            "POST approve",
            "{\"comment\":\"" + "c".repeat(4001) + "\"}",
            400,
            "comment: at most 4000 characters"),
        row(
            "deny with a 2 MB reason",
            "POST deny",
            "{\"reason\":\"" + "r".repeat(2_000_000) + "\"}",
            413,
            "body: at most 65536 bytes"));
  }

  private static Stream<Arguments> refused3() {
    return Stream.of(
        row(
            "deny with a 4001-character reason",
            "POST deny",
            "{\"reason\":\"" + "r".repeat(4001) + "\"}",
            400,
            "reason: at most 4000 characters"),
        row(
            "deny with trailing garbage",
            "POST deny",
            "{\"reason\":\"no\"}]",
            400,
            "body: not valid JSON"),
        row(
            "requests limit=-5",
            "GET /api/v1/requests?limit=-5",
            null,
            400,
            "limit: expected a whole number from 1 to 1000, got -5"),
        row(
            "requests limit=ten",
            "GET /api/v1/requests?limit=ten",
            null,
            400,
            "limit: expected a whole number"),
        row(
            "ledger since +999999999",
            "GET /api/v1/ledger/entries?since=%2B999999999-01-01T00:00:00Z",
            null,
            400,
            "since: expected an RFC 3339 UTC time"),
        row(
            "ledger until year 1970",
            "GET /api/v1/ledger/entries?until=1970-01-01T00:00:00Z",
            null,
            400,
            "years 2000–9999"),
        row(
            "ledger limit=-5",
            "GET /api/v1/ledger/entries?limit=-5",
            null,
            400,
            "limit: expected a whole number from 1 to 1000"),
        row(
            "ledger from=-1",
            "GET /api/v1/ledger/entries?from=-1",
            null,
            400,
            "from: expected a whole number from 0"));
  }

  private static Stream<Arguments> refused4() {
    return Stream.of(
        row(
            "ledger from beyond a long",
            "GET /api/v1/ledger/entries?from=99999999999999999999",
            null,
            400,
            "from: expected a whole number"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void isRefusedAndChangesNothing(String name, String call, String body, int status, String says)
      throws Exception {
    String id = pending();
    State before = state();
    HttpResponse<String> r = call(call, id, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).contains(says);
    assertThat(state()).isEqualTo(before);
    assertThat(json(getAs("hana", "/api/v1/requests/" + id), 200).path("state").asText())
        .isEqualTo("submitted");
  }

  /** A submitted request the verdict cases aim at; it must still be submitted after each. */
  private synchronized String pending() throws Exception {
    if (pending == null) {
      String ask = NLP + "\"desired\":15,\"justification\":\"70B run\"}";
      pending = json(postAs("ada", "/api/v1/requests", ask, null), 201).path("id").asText();
    }
    return pending;
  }

  private HttpResponse<String> call(String call, String id, String body) throws Exception {
    return switch (call) {
      case "POST approve" -> postAs("chen", "/api/v1/requests/" + id + "/approve", body, null);
      case "POST deny" -> postAs("kim", "/api/v1/requests/" + id + "/deny", body, null);
      default ->
          call.startsWith("GET ")
              ? getAs("ivan", call.substring(4))
              : postAs("ada", call.substring(5), body, null);
    };
  }

  private static Arguments row(String name, String call, String body, int status, String says) {
    return Arguments.of(name, call, body, status, says);
  }
}
