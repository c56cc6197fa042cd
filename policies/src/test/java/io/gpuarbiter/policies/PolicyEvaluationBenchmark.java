package io.gpuarbiter.policies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One evaluation of the shipped bundle (all eight policies plus the entrypoint) per operation, in
 * the two modes of the module: in process ({@link WasmPolicyEvaluator}, the Wasm bundle on Chicory)
 * and over HTTP ({@link RemotePolicyEvaluator} against a real {@code opa run --server} from the
 * pinned binary serving the Rego bundle of the same library, started on a loopback port by the
 * trial's setup and stopped by its teardown). Each thread cycles through every sample of the
 * library, allowed and denied, parsed once into {@link PolicyInput}s; the cost measured includes
 * writing the input as JSON and reading the result.
 *
 * <p>Not a test: the name matches neither surefire's {@code *Test} nor failsafe's {@code *IT}. Run
 * from the module directory (relative paths: the samples, {@code target/classes/policy-bundle},
 * {@code .tools/opa}); the command is in BENCHMARKS.md.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
// The Wasm code takes about 16 s of calls to reach its steady state (iteration 1 ~2 ms/op,
// iteration 8 ~90 µs/op), hence 10 × 2 s of warm-up in process; the HTTP path settles sooner.
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
public class PolicyEvaluationBenchmark {

  /** The library's samples as inputs, with a per-thread cursor over them. */
  @State(Scope.Thread)
  public static class Cursor {
    List<PolicyInput> inputs;
    int next;

    @Setup(Level.Trial)
    public void load() {
      inputs = Samples.all().stream().map(Samples::input).toList();
      if (inputs.isEmpty()) {
        throw new IllegalStateException("no samples under " + Samples.libraryDir());
      }
    }

    PolicyInput next() {
      PolicyInput input = inputs.get(next);
      next = (next + 1) % inputs.size();
      return input;
    }
  }

  /** The in-process evaluator on the Wasm bundle that the build puts into the jar. */
  @State(Scope.Benchmark)
  public static class InProcess {
    WasmPolicyEvaluator evaluator;

    @Setup(Level.Trial)
    public void start() {
      evaluator = WasmPolicyEvaluator.fromFile(existing(bundle("bundle-wasm.tar.gz")));
      checkSamples(evaluator);
    }

    @TearDown(Level.Trial)
    public void stop() {
      evaluator.close();
    }
  }

  /** A pinned {@code opa run --server} on a free loopback port, and the evaluator that calls it. */
  @State(Scope.Benchmark)
  public static class OverHttp {
    OpaServer server;
    RemotePolicyEvaluator evaluator;

    @Setup(Level.Trial)
    public void start() throws Exception {
      if (System.getProperty("opa.binary") == null) {
        System.setProperty("opa.binary", existing(Path.of(".tools/opa")).toString());
      }
      server = OpaServer.start(existing(bundle("bundle.tar.gz")));
      evaluator = new RemotePolicyEvaluator(server.uri(), Duration.ofSeconds(5));
      checkSamples(evaluator);
    }

    @TearDown(Level.Trial)
    public void stop() {
      if (evaluator != null) {
        evaluator.close();
      }
      if (server != null) {
        server.close();
      }
    }
  }

  @Benchmark
  public PolicyResult inProcess(InProcess wasm, Cursor samples) {
    return wasm.evaluator.evaluate(samples.next());
  }

  /** Two callers at once: the evaluator's pool holds one Wasm instance per processor. */
  @Benchmark
  @Threads(2)
  public PolicyResult inProcessTwoThreads(InProcess wasm, Cursor samples) {
    return wasm.evaluator.evaluate(samples.next());
  }

  @Benchmark
  @Warmup(iterations = 5, time = 2)
  public PolicyResult overHttp(OverHttp opa, Cursor samples) {
    return opa.evaluator.evaluate(samples.next());
  }

  /** Two callers at once; on a 2-core box they share the cores with the OPA server. */
  @Benchmark
  @Warmup(iterations = 5, time = 2)
  @Threads(2)
  public PolicyResult overHttpTwoThreads(OverHttp opa, Cursor samples) {
    return opa.evaluator.evaluate(samples.next());
  }

  private static Path bundle(String name) {
    return Samples.bundleDir().resolve(name);
  }

  private static Path existing(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file.toAbsolutePath() + " is missing: run from policies/ after test-compile");
    }
    return file;
  }

  /** Guards against timing a broken setup: each sample must mean what its folder says. */
  private static void checkSamples(PolicyEvaluator evaluator) {
    for (Samples sample : Samples.all()) {
      boolean own =
          evaluator.evaluate(sample.input()).findings().stream()
              .anyMatch(f -> f.policy().equals(sample.policy()));
      if (own != sample.denied()) {
        throw new IllegalStateException("sample " + sample + " gave the wrong verdict");
      }
    }
  }
}
