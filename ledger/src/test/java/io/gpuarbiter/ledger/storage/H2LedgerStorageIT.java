package io.gpuarbiter.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.ledger.testing.Drafts;
import io.gpuarbiter.ledger.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on embedded H2 in file mode. */
class H2LedgerStorageIT extends LedgerStorageContract {

  @TempDir Path dir;

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.h2(dir);
  }

  @Test
  void writeDelayIsZeroAndAppendsAreFsynced() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("0");
    }
    ledger.append(Drafts.draft(1));
    var stats = ledger.durabilityStats().orElseThrow();
    assertThat(stats.commits()).isEqualTo(1);
    assertThat(stats.syncs()).isEqualTo(1);
  }
}
