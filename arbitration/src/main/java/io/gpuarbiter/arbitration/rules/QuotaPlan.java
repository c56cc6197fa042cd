package io.gpuarbiter.arbitration.rules;

import io.gpuarbiter.arbitration.decision.QuotaBasis;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.model.Gpue;
import java.util.List;

/**
 * How a request's quota part splits: inside the guarantee, borrowed, and the excess nothing permits
 * (which only an approval can grant).
 *
 * @param reasons why there is an excess (empty when none)
 * @param notes how the permitted part was found
 */
public record QuotaPlan(
    Gpue guaranteedPart,
    Gpue borrowed,
    Gpue excess,
    QuotaBasis basis,
    List<Reason> reasons,
    List<Reason> notes) {

  public QuotaPlan {
    reasons = List.copyOf(reasons);
    notes = List.copyOf(notes);
  }

  /** The largest quota part that passes without approval. */
  public Gpue permitted() {
    return guaranteedPart.plus(borrowed);
  }
}
