package io.gpuarbiter.arbitration.decision;

import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.AuthorityScope;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.UserId;
import java.util.List;

/** What would make a denied request pass. */
public sealed interface Suggestion {
  String message();

  /** Ask for at most {@code fits} GPUe in the same pool. */
  record SmallerRequest(PoolId pool, Gpue fits, String message) implements Suggestion {}

  /** The request, or {@code room} GPUe of it, would fit in another pool or sharing mode. */
  record AnotherPool(PoolId pool, SharingMode sharing, Gpue room, String message)
      implements Suggestion {}

  /** These people can grant the action (e.g. a quota increase). */
  record AskApprover(
      AuthorityAction action,
      AuthorityScope scope,
      List<String> approverGroups,
      List<UserId> approvers,
      String message)
      implements Suggestion {
    public AskApprover {
      approverGroups = List.copyOf(approverGroups);
      approvers = List.copyOf(approvers);
    }
  }

  /** Change the request itself (declare a runtime, a class, checkpointing …). */
  record AmendRequest(String message) implements Suggestion {}
}
