package io.gpuarbiter.api.requests;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.gpuarbiter.api.Decimals;
import io.gpuarbiter.api.Inputs;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request body read strictly: one JSON object of scalar fields, nothing after it, no duplicate or
 * unknown field, and each field of its declared JSON type — a number is never a string, {@code
 * true} is never 1, {@code [0]} is never 0.
 *
 * <p>Why a reader of our own instead of binding the records with micronaut-serde: serde coerces
 * silently (booleans and single-element arrays into numbers, numbers into strings), offers no
 * switch for each of those, and turns number text into a BigDecimal before we can bound its
 * exponent. Reading the tokens ourselves keeps every rule in one place and every message naming the
 * field. The records ({@link RequestSubmission}, {@link RequestsController.Verdict}) stay the
 * documented shape in the OpenAPI document.
 */
final class StrictBody {
  /** Largest body of the requests API; larger ones are answered 413 before being read. */
  static final int MAX_BYTES = 64 * 1024;

  /** Longest free text (justification, comment, reason). */
  static final int MAX_TEXT = 4000;

  /** Longest identifier (team, pool, subject, ticket reference, request id). */
  static final int MAX_ID = 253;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNumberLength(1000) // Decimals bounds it further, naming the field
                  .maxNestingDepth(16)
                  .maxStringLength(MAX_BYTES)
                  .build())
          .build();

  /** One field's value: its JSON token and text (number text exactly as sent). */
  private record Scalar(JsonToken token, String text) {}

  private final Map<String, Scalar> fields;

  private StrictBody(Map<String, Scalar> fields) {
    this.fields = fields;
  }

  /**
   * Reads {@code body}; an empty body is an empty object. Throws {@link IllegalArgumentException}
   * naming the problem (syntax, trailing data, unknown or repeated field).
   */
  static StrictBody parse(byte[] body, Set<String> allowed) {
    if (body == null || body.length == 0) {
      return new StrictBody(Map.of());
    }
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("body: expected a JSON object");
      }
      Map<String, Scalar> out = new LinkedHashMap<>();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String name = p.currentName();
        if (!allowed.contains(name)) {
          throw new IllegalArgumentException(
              Inputs.shorten(name) + ": unknown field; expected one of " + new TreeSet<>(allowed));
        }
        JsonToken value = p.nextToken();
        if (value.isStructStart()) {
          p.skipChildren();
          out.put(name, new Scalar(value, null));
        } else if (value != JsonToken.VALUE_NULL) {
          out.put(name, new Scalar(value, p.getText()));
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("body: unexpected data after the JSON object");
      }
      return new StrictBody(out);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("body: not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("body: unreadable", e);
    }
  }

  /** A string field of at most {@code max} characters. */
  Optional<String> text(String field, int max) {
    return scalar(field, JsonToken.VALUE_STRING, "a string").map(s -> Inputs.text(field, s, max));
  }

  /** A number field in {@code [min, max]} with at most {@code decimals} decimals. */
  Optional<BigDecimal> number(String field, BigDecimal min, BigDecimal max, int decimals) {
    Scalar s = fields.get(field);
    if (s != null && s.token() == JsonToken.VALUE_NUMBER_FLOAT) {
      return Optional.of(Decimals.parse(field, s.text(), min, max, decimals));
    }
    return scalar(field, JsonToken.VALUE_NUMBER_INT, "a number")
        .map(text -> Decimals.parse(field, text, min, max, decimals));
  }

  /** An RFC 3339 UTC time string in years 2000–9999. */
  Optional<Instant> instant(String field) {
    return scalar(field, JsonToken.VALUE_STRING, "a time string")
        .map(t -> Inputs.instant(field, t));
  }

  /** A JSON boolean ({@code true}/{@code false}; never "true" or 1). */
  Optional<Boolean> bool(String field) {
    Scalar s = fields.get(field);
    if (s == null) {
      return Optional.empty();
    }
    if (s.token() != JsonToken.VALUE_TRUE && s.token() != JsonToken.VALUE_FALSE) {
      throw new IllegalArgumentException(field + ": expected true or false, got " + kind(s));
    }
    return Optional.of(s.token() == JsonToken.VALUE_TRUE);
  }

  private Optional<String> scalar(String field, JsonToken want, String what) {
    Scalar s = fields.get(field);
    if (s == null) {
      return Optional.empty();
    }
    if (s.token() != want) {
      throw new IllegalArgumentException(field + ": expected " + what + ", got " + kind(s));
    }
    return Optional.of(s.text());
  }

  private static String kind(Scalar s) {
    return switch (s.token()) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      default -> s.token().asString();
    };
  }
}
