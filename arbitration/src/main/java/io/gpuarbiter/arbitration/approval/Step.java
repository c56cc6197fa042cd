package io.gpuarbiter.arbitration.approval;

/** The result of a workflow step: the request as it now is, or why the step was refused. */
public sealed interface Step {
  /** The step happened. */
  record Done(GovernanceRequest request) implements Step {}

  /** The step was refused; nothing changed. */
  record Refused(WorkflowError error) implements Step {}
}
