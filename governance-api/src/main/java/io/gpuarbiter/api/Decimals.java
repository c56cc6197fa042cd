package io.gpuarbiter.api;

import io.gpuarbiter.arbitration.model.Gpue;
import java.math.BigDecimal;

/**
 * GPUe in the API's JSON: a plain decimal such as {@code 2.5} or {@code 20}, never {@code 2E+1}.
 */
public final class Decimals {
  private Decimals() {}

  public static BigDecimal of(Gpue g) {
    return new BigDecimal(g.toString());
  }
}
