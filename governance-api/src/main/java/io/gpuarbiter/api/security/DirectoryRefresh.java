package io.gpuarbiter.api.security;

import io.gpuarbiter.admission.LiveArbiter;
import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.identity.CachingIdentities;
import io.gpuarbiter.identity.IdentityException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keycloak mode: the directory that approvals are routed by follows the realm without a restart.
 * Every {@code arbiter.identity.refresh} (30 s by default) the realm's directory is read through
 * the cache, which asks Keycloak once per period and keeps the last answer while Keycloak cannot be
 * reached; when it differs from the governance snapshot's, it is laid into the snapshot. The engine
 * (admission decisions) and the approval workflow (governance requests, workload tickets) both
 * route by the snapshot, so the next NeedsApproval goes to the realm's current approvers. The
 * engine stays pure: the directory is part of its input.
 *
 * <p>Metrics: {@code arbiter.identity.directory.age} (seconds since Keycloak last answered for the
 * directory; NaN before it ever did) and {@code arbiter.identity.refresh.failures}.
 */
@Context
@Requires(property = "arbiter.auth.mode", value = "keycloak")
public class DirectoryRefresh {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryRefresh.class);

  private final CachingIdentities identities;
  private final LiveArbiter arbiter;
  private final Clock clock;
  private final AtomicLong failuresLogged = new AtomicLong();

  DirectoryRefresh(
      CachingIdentities identities, LiveArbiter arbiter, Clock clock, MeterRegistry registry) {
    this.identities = identities;
    this.arbiter = arbiter;
    this.clock = clock;
    Gauge.builder("arbiter.identity.directory.age", this, DirectoryRefresh::ageSeconds)
        .baseUnit("seconds")
        .description("time since Keycloak last answered for the directory approvals are routed by")
        .register(registry);
    FunctionCounter.builder(
            "arbiter.identity.refresh.failures", identities, CachingIdentities::failedRefreshes)
        .description("directory refreshes Keycloak did not answer; the last directory was kept")
        .register(registry);
  }

  /** Reads the realm's directory (from the cache, or Keycloak once the period has passed). */
  @Scheduled(fixedDelay = "${arbiter.identity.refresh:30s}")
  void refresh() {
    Directory current;
    try {
      current = identities.directory();
    } catch (IdentityException e) {
      LOG.warn(
          "no directory from Keycloak yet ({}): decisions that need an approver are denied: {}",
          e.reason(),
          e.getMessage());
      return;
    }
    long failures = identities.failedRefreshes();
    if (failures > failuresLogged.getAndSet(failures)) {
      LOG.warn(
          "Keycloak did not answer the directory refresh; approvals are routed by the directory"
              + " Keycloak gave at {} ({} failed refreshes since start)",
          identities.directoryLoadedAt().map(Object::toString).orElse("(never)"),
          failures);
    }
    boolean[] changed = {false};
    arbiter.update(s -> {
      GovernanceSnapshot next = withDirectory(s, current);
      changed[0] = next != s;
      return next;
    });
    if (changed[0]) {
      LOG.info(
          "directory changed in Keycloak: approvals are now routed by its {} users",
          current.users().size());
    }
  }

  /** The snapshot with this directory; the same snapshot when the directory is unchanged. */
  static GovernanceSnapshot withDirectory(GovernanceSnapshot snapshot, Directory directory) {
    if (directory.equals(snapshot.model().directory())) {
      return snapshot;
    }
    return snapshot.withModel(snapshot.model().withDirectory(directory), snapshot.policyDigest());
  }

  private double ageSeconds() {
    return identities
        .directoryLoadedAt()
        .map(at -> Duration.between(at, clock.instant()).toMillis() / 1000.0)
        .orElse(Double.NaN);
  }
}
