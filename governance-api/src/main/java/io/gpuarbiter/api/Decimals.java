package io.gpuarbiter.api;

import io.gpuarbiter.arbitration.model.Gpue;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPUe in the API's JSON: a plain decimal such as {@code 2.5} or {@code 20}, never {@code 2E+1}.
 * Every number that enters the REST API passes {@link #parse} first: its text is bounded in length
 * and exponent before a {@link BigDecimal} exists, because BigDecimal arithmetic on {@code
 * 1e1000000} (a 9-character JSON number) costs seconds of CPU.
 */
public final class Decimals {
  /** Longest number text accepted (digits, sign, point and exponent together). */
  public static final int MAX_TEXT = 32;

  /** Largest exponent magnitude accepted in {@code 1.5e3}-style numbers. */
  public static final int MAX_EXPONENT = 9;

  private static final Pattern NUMBER =
      Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.([0-9]+))?(?:[eE]([+-]?)([0-9]{1,9}))?");

  private Decimals() {}

  public static BigDecimal of(Gpue g) {
    return new BigDecimal(g.toString());
  }

  /**
   * The number {@code text} (JSON number syntax) if it lies in {@code [min, max]} with at most
   * {@code maxDecimals} decimals; otherwise an {@link IllegalArgumentException} whose message
   * starts with {@code field} and says the rule.
   */
  public static BigDecimal parse(
      String field, String text, BigDecimal min, BigDecimal max, int maxDecimals) {
    String rule =
        field
            + ": expected a number from "
            + min.toPlainString()
            + " to "
            + max.toPlainString()
            + " with at most "
            + maxDecimals
            + " decimals";
    if (text == null || text.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          rule + ", got a number of " + (text == null ? 0 : text.length()) + " characters");
    }
    Matcher m = NUMBER.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(rule + ", got \"" + text + "\"");
    }
    if (m.group(3) != null && Integer.parseInt(m.group(3)) > MAX_EXPONENT) {
      throw new IllegalArgumentException(
          rule + ", got " + text + " (exponent beyond ±" + MAX_EXPONENT + ")");
    }
    // bounded above: at most 32 digits and |exponent| ≤ 9, so the arithmetic below is cheap
    BigDecimal value = new BigDecimal(text);
    BigDecimal canonical = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0 || canonical.scale() > maxDecimals) {
      throw new IllegalArgumentException(rule + ", got " + text);
    }
    return canonical.scale() < 0 ? canonical.setScale(0) : canonical;
  }
}
