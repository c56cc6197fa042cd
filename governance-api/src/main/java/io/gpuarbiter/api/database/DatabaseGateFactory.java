package io.gpuarbiter.api.database;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** One gate per service: every connection of this replica passes it. */
@Factory
class DatabaseGateFactory {
  @Singleton
  DatabaseGate databaseGate(Clock clock) {
    return new DatabaseGate(clock);
  }
}
