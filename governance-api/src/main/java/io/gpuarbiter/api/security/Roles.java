package io.gpuarbiter.api.security;

/** The five roles of GPU Arbiter, as they appear in tokens and {@code @Secured}. */
public final class Roles {
  public static final String VIEWER = "viewer";
  public static final String REQUESTER = "requester";
  public static final String APPROVER = "approver";
  public static final String ADMIN = "admin";
  public static final String AUDITOR = "auditor";

  private Roles() {}
}
