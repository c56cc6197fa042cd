package io.gpuarbiter.ledger.crash;

import io.gpuarbiter.ledger.AppendReceipt;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.testing.Drafts;
import io.gpuarbiter.ledger.testing.TestDatabase;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child process of {@link CrashRecoveryIT}: appends from several threads until killed and prints
 * {@code ACK <queueId> <leaf hash hex>} after each append has returned, i.e. after it was
 * acknowledged as durable (what the service does before it answers a webhook).
 *
 * <p>Arguments: JDBC URL, key directory, number of appender threads, first draft index (so that the
 * entries of every cycle differ).
 */
public final class CrashAppender {

  private CrashAppender() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[2]);
    AtomicInteger next = new AtomicInteger(Integer.parseInt(args[3]));
    TestDatabase db = TestDatabase.open(args[0], threads + 4);
    Ledger ledger =
        Ledger.builder(db.dataSource(), db.dialect())
            .origin("gpu-arbiter.test/crash")
            .keyDirectory(Path.of(args[1]))
            .open();
    // The sequencer commits too (integration + checkpoint), concurrently with the appends.
    ledger.startSequencer();
    System.out.println("READY");
    System.out.flush();
    HexFormat hex = HexFormat.of();
    Thread[] appenders = new Thread[threads];
    for (int t = 0; t < appenders.length; t++) {
      appenders[t] =
          new Thread(() -> {
            while (true) {
              AppendReceipt r = ledger.append(Drafts.draft(next.getAndIncrement()));
              String line = "ACK " + r.queueId() + " " + hex.formatHex(r.leafHash());
              synchronized (System.out) {
                System.out.println(line);
                System.out.flush();
              }
            }
          });
      appenders[t].start();
    }
    for (Thread t : appenders) {
      t.join();
    }
  }
}
