package io.gpuarbiter.ledger.crash;

import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.testing.Drafts;
import io.gpuarbiter.ledger.testing.TestDatabase;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child process of {@link CrashRecoveryIT}: appends from four threads until killed and prints
 * {@code ACK <queueId>} after each append has returned, i.e. after it was acknowledged as durable.
 */
public final class CrashAppender {

  private CrashAppender() {}

  public static void main(String[] args) throws Exception {
    TestDatabase db = TestDatabase.open(args[0], 8);
    Ledger ledger =
        Ledger.builder(db.dataSource(), db.dialect())
            .origin("gpu-arbiter.test/crash")
            .keyDirectory(Path.of(args[1]))
            .open();
    ledger.startSequencer();
    AtomicInteger next = new AtomicInteger();
    System.out.println("READY");
    System.out.flush();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(() -> {
            while (true) {
              long id = ledger.append(Drafts.draft(next.getAndIncrement())).queueId();
              synchronized (System.out) {
                System.out.println("ACK " + id);
                System.out.flush();
              }
            }
          });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
