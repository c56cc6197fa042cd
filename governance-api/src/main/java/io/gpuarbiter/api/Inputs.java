package io.gpuarbiter.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Times and whole numbers as they enter the REST API (bodies and query parameters), each refused
 * with an {@link IllegalArgumentException} whose message starts with the field and says the rule.
 * Controllers turn that into a 400; nothing here knows HTTP.
 */
public final class Inputs {
  /** Earliest and latest year of a time the API accepts (the stores' timestamps cover them). */
  public static final int MIN_YEAR = 2000;

  public static final int MAX_YEAR = 9999;

  private static final Pattern RFC3339_UTC =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z");

  private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,19}");

  private Inputs() {}

  /** An RFC 3339 UTC time like {@code 2026-11-22T10:00:00Z} in years 2000–9999. */
  public static Instant instant(String field, String text) {
    String rule =
        field
            + ": expected an RFC 3339 UTC time like 2026-11-22T10:00:00Z in years "
            + MIN_YEAR
            + "–"
            + MAX_YEAR;
    if (text.length() > 40 || !RFC3339_UTC.matcher(text).matches()) {
      throw new IllegalArgumentException(rule + ", got \"" + shorten(text) + "\"");
    }
    try {
      Instant at = Instant.parse(text);
      int year = at.atZone(ZoneOffset.UTC).getYear();
      if (year < MIN_YEAR || year > MAX_YEAR) {
        throw new IllegalArgumentException(rule + ", got \"" + text + "\"");
      }
      return at;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(rule + ", got \"" + text + "\"", e);
    }
  }

  /** A whole number from {@code min} to {@code max}; {@code fallback} when absent or blank. */
  public static long whole(String field, String text, long min, long max, long fallback) {
    if (text == null) {
      return fallback;
    }
    String rule = field + ": expected a whole number from " + min + " to " + max;
    if (!WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(rule + ", got \"" + shorten(text) + "\"");
    }
    try {
      long value = Long.parseLong(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException(rule + ", got " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(rule + ", got " + text, e);
    }
  }

  /** A text of at most {@code max} characters (the bound the OpenAPI document states). */
  public static String text(String field, String text, int max) {
    if (text.length() > max) {
      throw new IllegalArgumentException(
          field + ": at most " + max + " characters, got " + text.length());
    }
    return text;
  }

  /** The first 64 characters of an echoed value, so an answer never repeats a huge input. */
  public static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
