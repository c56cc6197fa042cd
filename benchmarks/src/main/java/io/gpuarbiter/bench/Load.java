package io.gpuarbiter.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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

    /** The name {@code --shapes} uses: open250, closed16. */
    String key() {
      return clients > 0 ? "closed" + clients : "open" + rate;
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

  /**
   * Requests one HTTP/2 connection carries at once. Past it a review waits for a free stream (its
   * latency still counts from its intended send time), as Go's HTTP/2 client in kube-apiserver
   * does; the JDK client would instead fail it ("too many concurrent streams").
   */
  static final int STREAMS_PER_CONNECTION = 100;

  private final List<HttpClient> clients;
  private final List<Semaphore> streams;
  private final List<URI> uris;
  private final LongFunction<String> body;
  private final AtomicLong seq;

  /**
   * @param clients one per connection (each JDK client keeps its own); reviews go round-robin
   */
  Load(List<HttpClient> clients, URI uri, LongFunction<String> body, AtomicLong seq) {
    this(clients, List.of(uri), body, seq);
  }

  /**
   * Reviews spread over several targets (one per replica), round-robin by request number: request
   * {@code n} goes to {@code uris[n % uris.size()]} through {@code clients[n % clients.size()]}.
   *
   * @param clients one per connection, round-robin; a multiple of {@code uris.size()} in number, so
   *     that client {@code k} only ever talks to {@code uris[k % uris.size()]}: each target gets
   *     {@code clients.size() / uris.size()} connections of its own, and a client's stream limit is
   *     that of one connection
   * @param uris the targets
   */
  Load(List<HttpClient> clients, List<URI> uris, LongFunction<String> body, AtomicLong seq) {
    if (uris.isEmpty() || clients.size() % uris.size() != 0) {
      throw new IllegalArgumentException(
          clients.size() + " clients cannot be shared evenly by " + uris.size() + " targets");
    }
    this.clients = List.copyOf(clients);
    this.streams =
        this.clients.stream()
            .map(c ->
                new Semaphore(
                    c.version() == HttpClient.Version.HTTP_2
                        ? STREAMS_PER_CONNECTION
                        : Integer.MAX_VALUE))
            .toList();
    this.uris = List.copyOf(uris);
    this.body = body;
    this.seq = seq;
  }

  /** Runs warm-up then measurement; only requests intended to start in the measurement count. */
  Outcome run(Shape shape, int warmupSeconds, int seconds) throws InterruptedException {
    return run(shape, warmupSeconds, seconds, () -> {});
  }

  /**
   * As {@link #run(Shape, int, int)}, and runs {@code atMeasureStart} (on its own virtual thread,
   * without holding up the schedule) when the warm-up ends and measurement starts.
   */
  Outcome run(Shape shape, int warmupSeconds, int seconds, Runnable atMeasureStart)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
    Tally tally = new Tally(measureFrom, measureFrom + TimeUnit.SECONDS.toNanos(seconds));
    try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
      vt.submit(() -> {
        parkUntil(measureFrom);
        atMeasureStart.run();
      });
      if (shape.clients() > 0) {
        closedLoop(vt, shape.clients(), tally);
      } else {
        openLoop(vt, shape.rate(), start, tally);
      }
    } // close() waits for every request still in flight
    return tally.outcome(seconds);
  }

  /** N clients, each sending again as soon as its answer is in, until the end. */
  private void closedLoop(ExecutorService vt, int clients, Tally tally) {
    AtomicBoolean stop = new AtomicBoolean();
    for (int c = 0; c < clients; c++) {
      vt.submit(() -> {
        while (!stop.get()) {
          long t = System.nanoTime();
          if (t >= tally.end) {
            break;
          }
          send(tally, t);
        }
      });
    }
    parkUntil(tally.end);
    stop.set(true);
  }

  /** One request every 1/rate s from {@code start}, whatever the answers do. */
  private void openLoop(ExecutorService vt, int rate, long start, Tally tally) {
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    for (long i = 0; ; i++) {
      long intended = start + i * period;
      if (intended >= tally.end) {
        break;
      }
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (!inFlight.tryAcquire()) {
        if (intended >= tally.measureFrom) {
          tally.errors.increment(); // generator cap reached: counted as an error, never dropped
        }
        continue;
      }
      vt.submit(() -> {
        try {
          send(tally, intended);
        } finally {
          inFlight.release();
        }
      });
    }
  }

  /** One review, timed from its intended send time. */
  private void send(Tally tally, long intended) {
    tally.sentTotal.increment();
    String why = null;
    boolean allowedAnswer = false;
    long n = seq.getAndIncrement();
    int connection = (int) (n % clients.size());
    URI uri = uris.get(connection % uris.size()); // = n % uris.size(), clients being a multiple
    Semaphore stream = streams.get(connection);
    try {
      stream.acquire();
      HttpResponse<String> r;
      try {
        r =
            clients
                .get(connection)
                .send(
                    HttpRequest.newBuilder(uri)
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.apply(n)))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
      } finally {
        stream.release();
      }
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
    tally.record(intended, System.nanoTime(), why, allowedAnswer);
  }

  private static void parkUntil(long nanoTime) {
    for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }

  /** The counters of one run; the measurement covers requests intended in [measureFrom, end). */
  private static final class Tally {
    final long measureFrom;
    final long end;
    final Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    final LongAdder ok = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder okTotal = new LongAdder();
    final LongAdder sentTotal = new LongAdder();
    final LongAdder allowed = new LongAdder();
    final AtomicLong lastDone = new AtomicLong();
    private String firstError;

    Tally(long measureFrom, long end) {
      this.measureFrom = measureFrom;
      this.end = end;
    }

    /** One answer ({@code why} null) or failure ({@code why} says what) of a request. */
    void record(long intended, long done, String why, boolean allowedAnswer) {
      if (why == null) {
        okTotal.increment();
      }
      if (intended < measureFrom || intended >= end) {
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
        synchronized (this) {
          if (firstError == null) {
            firstError = why;
          }
        }
      }
    }

    synchronized Outcome outcome(int seconds) {
      double secs = Math.max(seconds, (lastDone.get() - measureFrom) / 1e9);
      return new Outcome(
          latency,
          ok.sum(),
          errors.sum(),
          sentTotal.sum(),
          okTotal.sum(),
          allowed.sum(),
          secs,
          firstError);
    }
  }
}
