package io.gpuarbiter.arbiter.store;

import io.gpuarbiter.ledger.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The decision store contract on an embedded H2 file database (the single-replica default). */
class H2DecisionStoreIT extends DecisionStoreContract {
  @TempDir Path dir;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.h2(dir);
  }
}
