package io.gpuarbiter.arbitration.model;

import java.util.List;
import java.util.Optional;

/**
 * Who may approve an action within a scope, up to a limit. Rules for the same action at wider
 * scopes are the escalation path for larger asks.
 *
 * @param unit the team or department id the rule speaks for; empty = every unit at that scope
 * @param limit the largest ask (GPUe) this rule's approvers may grant
 * @param approverGroup group whose members may approve
 * @param twoApproversAbove asks above this need two distinct approvers; empty = never
 * @param vetoGroups groups whose members may refuse at any step
 */
public record AuthorityRule(
    AuthorityScope scope,
    Optional<String> unit,
    AuthorityAction action,
    Gpue limit,
    String approverGroup,
    Optional<Gpue> twoApproversAbove,
    List<String> vetoGroups) {

  public AuthorityRule {
    vetoGroups = List.copyOf(vetoGroups);
  }
}
