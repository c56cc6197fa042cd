package io.gpuarbiter.handoff.sync;

/**
 * Where sync reports what it did. The service routes these to logs, metrics and the ledger; drift
 * ({@link SyncEvent.Type#DRIFT_RESTORED}) and conflicts are the ones an operator must see. Called
 * on the syncing thread, once per event, in the order things happened.
 */
@FunctionalInterface
public interface SyncListener {
  void onEvent(SyncEvent event);

  SyncListener NONE = event -> {};
}
