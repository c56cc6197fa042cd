package io.gpuarbiter.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The load generator. Open loop: requests are launched at their intended times whatever the answers
 * do, and latency is measured from the intended send time (no coordinated omission). Closed loop: N
 * clients each send, wait for the answer, send again. Virtual threads throughout.
 */
final class Load {
  /** A shape: open loop at {@code rate}/s, or closed loop with {@code clients}. */
  record Shape(String name, int rate, int clients) {
    static Shape open(int rate) {
      return new Shape("open " + rate + "/s", rate, 0);
    }

    static Shape closed(int clients) {
      return new Shape("closed " + clients + (clients == 1 ? " client" : " clients"), 0, clients);
    }
  }

  /** What one measured run saw on the client. */
  record Outcome(
      Histogram latency,
      long ok,
      long errors,
      long sentTotal,
      long okTotal,
      long allowed,
      double seconds,
      String firstError) {
    double throughput() {
      return ok / seconds;
    }
  }

  private static final int MAX_IN_FLIGHT = 20_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final URI uri;
  private final LongFunction<String> body;
  private final AtomicLong seq;

  Load(HttpClient client, URI uri, LongFunction<String> body, AtomicLong seq) {
    this.client = client;
    this.uri = uri;
    this.body = body;
    this.seq = seq;
  }

  /** Runs warm-up then measurement; only requests intended to start in the measurement count. */
  Outcome run(Shape shape, int warmupSeconds, int seconds) throws InterruptedException {
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    LongAdder ok = new LongAdder();
    LongAdder errors = new LongAdder();
    LongAdder okTotal = new LongAdder();
    LongAdder sentTotal = new LongAdder();
    LongAdder allowed = new LongAdder();
    AtomicLong lastDone = new AtomicLong();
    String[] firstError = new String[1];
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
    long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
      Call call =
          intended -> {
            boolean measured = intended >= measureFrom && intended < end;
            sentTotal.increment();
            String why = null;
            boolean allowedAnswer = false;
            try {
              HttpResponse<String> r =
                  client.send(
                      HttpRequest.newBuilder(uri)
                          .timeout(TIMEOUT)
                          .header("Content-Type", "application/json")
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  body.apply(seq.getAndIncrement())))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() != 200) {
                why = "HTTP " + r.statusCode() + ": " + abbreviate(r.body());
              } else {
                allowedAnswer = r.body().contains("\"allowed\":true");
              }
            } catch (java.io.IOException e) {
              why = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              why = "interrupted";
            }
            long done = System.nanoTime();
            if (why == null) {
              okTotal.increment();
            }
            if (!measured) {
              return;
            }
            lastDone.accumulateAndGet(done, Math::max);
            if (why == null) {
              ok.increment();
              if (allowedAnswer) {
                allowed.increment();
              }
              latency.recordValue(Math.max(1, (done - intended) / 1000));
            } else {
              errors.increment();
              synchronized (firstError) {
                if (firstError[0] == null) {
                  firstError[0] = why;
                }
              }
            }
          };
      if (shape.clients() > 0) {
        AtomicBoolean stop = new AtomicBoolean();
        for (int c = 0; c < shape.clients(); c++) {
          vt.submit(() -> {
            while (!stop.get()) {
              long t = System.nanoTime();
              if (t >= end) {
                break;
              }
              call.send(t);
            }
          });
        }
        LockSupport.parkNanos(end - System.nanoTime());
        stop.set(true);
      } else {
        long period = TimeUnit.SECONDS.toNanos(1) / shape.rate();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        for (long i = 0; ; i++) {
          long intended = start + i * period;
          if (intended >= end) {
            break;
          }
          long wait = intended - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          if (!inFlight.tryAcquire()) {
            if (intended >= measureFrom) {
              errors.increment(); // generator cap reached: counted as an error, never dropped
            }
            continue;
          }
          vt.submit(() -> {
            try {
              call.send(intended);
            } finally {
              inFlight.release();
            }
          });
        }
      }
    } // close() waits for every request still in flight
    double secs = Math.max(seconds, (lastDone.get() - measureFrom) / 1e9);
    return new Outcome(
        latency,
        ok.sum(),
        errors.sum(),
        sentTotal.sum(),
        okTotal.sum(),
        allowed.sum(),
        secs,
        firstError[0]);
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }

  @FunctionalInterface
  private interface Call {
    void send(long intendedNanos);
  }
}
