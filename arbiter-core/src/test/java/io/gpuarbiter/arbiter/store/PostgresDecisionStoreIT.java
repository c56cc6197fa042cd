package io.gpuarbiter.arbiter.store;

import io.gpuarbiter.ledger.testing.PostgresServer;
import io.gpuarbiter.ledger.testing.TestDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The decision store contract on a real PostgreSQL server (a new database per test). */
class PostgresDecisionStoreIT extends DecisionStoreContract {
  private static PostgresServer server;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  TestDatabase newDatabase() throws Exception {
    return TestDatabase.open(server.createDatabase("store_" + COUNTER.incrementAndGet()), 16);
  }
}
