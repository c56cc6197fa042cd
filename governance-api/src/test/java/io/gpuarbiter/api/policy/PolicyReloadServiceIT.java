package io.gpuarbiter.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.policies.PolicyBundle;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The service in {@code file} mode: a changed bundle is swapped in while reviews flow. Every
 * decision recorded before the swap names the first bundle's digest, every one after it the new
 * bundle's, and no entry after the first new one falls back to the old.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyReloadServiceIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  // The canonical entry is the ledger's framing around the decision's canonical JSON body.
  private static final Pattern DIGEST = Pattern.compile("\"policyDigest\":\"([^\"]*)\"");

  @Inject Ledger ledger;

  private Path live;
  private byte[] original;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> props = new java.util.HashMap<>(super.getProperties());
    try (InputStream in = PolicyBundle.class.getResourceAsStream(PolicyBundle.WASM_RESOURCE)) {
      original = in.readAllBytes();
      live = dataDir.resolve("policies/bundle-wasm.tar.gz");
      Files.createDirectories(live.getParent());
      Files.write(live, original);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    props.put("arbiter.policies.mode", "file");
    props.put("arbiter.policies.bundle", live.toString());
    props.put("arbiter.policies.reload-interval", "100ms");
    return props;
  }

  @Test
  void decisionsNameTheBundleThatEvaluatedThemAcrossAReload() throws Exception {
    byte[] changed = Bundles.withRequireTeamAsWarning(original);
    String oldDigest = PolicyBundle.digest(original);
    String newDigest = PolicyBundle.digest(changed);
    assertThat(newDigest).isNotEqualTo(oldDigest);

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger answered = new AtomicInteger();
    CompletableFuture<Void> flow = CompletableFuture.runAsync(() -> sendUntil(stop, answered));
    await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= 10 || flow.isDone());
    swapIn(changed);
    int atSwap = answered.get();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> recordedDigests().contains(newDigest) || flow.isDone());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> answered.get() >= atSwap + 20 || flow.isDone());
    stop.set(true);
    flow.join(); // rethrows a failed answer

    List<Recorded> recorded = recorded();
    List<String> digests = recorded.stream().map(Recorded::digest).toList();
    assertThat(digests).containsOnly(oldDigest, newDigest).contains(oldDigest, newDigest);
    int firstNew = digests.indexOf(newDigest);
    assertThat(digests.subList(firstNew, digests.size()))
        .as("after the switch every decision names the new bundle")
        .containsOnly(newDigest);
    assertThat(digests.subList(0, firstNew)).containsOnly(oldDigest);

    // An auditor holding only the API's files proves both entries with the offline verifier.
    assertThat(verifyOffline(recorded.get(firstNew - 1))).contains(oldDigest);
    assertThat(verifyOffline(recorded.get(firstNew))).contains(newDigest);
  }

  /**
   * Saves the entry, its inclusion proof, the checkpoint and the key from the API, runs {@code
   * ledger-verifier.jar inclusion} on them (it must say 0: verified), and returns the entry's
   * canonical text.
   */
  private String verifyOffline(Recorded entry) throws Exception {
    String checkpoint = getAs("ivan", "/api/v1/ledger/checkpoint").body();
    long size = Long.parseLong(checkpoint.split("\n")[1]);
    Path dir = Files.createTempDirectory(dataDir, "audit");
    Path entryFile = save(dir, "entry.json", "/api/v1/ledger/entries/" + entry.seq());
    Path proof =
        save(
            dir,
            "proof.json",
            "/api/v1/ledger/proofs/inclusion?seq=" + entry.seq() + "&size=" + size);
    Path note = save(dir, "checkpoint.txt", "/api/v1/ledger/checkpoints?size=" + size);
    String key =
        JSON.readTree(getAs("ivan", "/api/v1/ledger/key").body()).path("verifierKey").asText();
    Process verifier =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                Path.of("..", "ledger", "target", "ledger-verifier.jar").toString(),
                "inclusion",
                "--entry",
                entryFile.toString(),
                "--proof",
                proof.toString(),
                "--checkpoint",
                note.toString(),
                "--key",
                key)
            .redirectErrorStream(true)
            .start();
    String output = new String(verifier.getInputStream().readAllBytes());
    assertThat(verifier.waitFor()).as(output).isZero();
    JsonNode saved = JSON.readTree(entryFile.toFile());
    return new String(
        Base64.getDecoder().decode(saved.path("canonical").asText()), StandardCharsets.UTF_8);
  }

  private Path save(Path dir, String name, String path) throws Exception {
    HttpResponse<String> r = getAs("ivan", path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return Files.writeString(dir.resolve(name), r.body());
  }

  private record Recorded(long seq, String digest) {}

  /** Sends one validating review after the other until told to stop; every answer is a 200. */
  private void sendUntil(AtomicBoolean stop, AtomicInteger answered) {
    JsonNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
    for (int i = 0; !stop.get(); i++) {
      ObjectNode copy = job.deepCopy();
      copy.with("metadata").put("name", "reload-" + i);
      try {
        HttpResponse<String> r =
            post(
                "https", "/admission/validate", Reviews.bytes(Reviews.create(copy, "reload-" + i)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      answered.incrementAndGet();
    }
  }

  /** Writes through a temporary file and a rename, as a deployment would. */
  private void swapIn(byte[] bundle) throws IOException {
    Path tmp = live.resolveSibling("incoming.tmp");
    Files.write(tmp, bundle);
    Files.move(tmp, live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The digests of the entries integrated so far (reviews may still be flowing). */
  private List<String> recordedDigests() throws Exception {
    return integrated().stream().map(Recorded::digest).toList();
  }

  /** The policy digest of every admission entry, in ledger order, once all are integrated. */
  private List<Recorded> recorded() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> ledger.entryStore().pendingCount() == 0);
    return integrated();
  }

  private List<Recorded> integrated() throws Exception {
    List<Recorded> digests = new ArrayList<>();
    Long from = 0L;
    while (from != null) {
      JsonNode page =
          JSON.readTree(getAs("ivan", "/api/v1/ledger/entries?limit=500&from=" + from).body());
      for (JsonNode e : page.path("entries")) {
        if (e.path("kind").asText().equals("admission")) {
          String canonical =
              new String(
                  Base64.getDecoder().decode(e.path("canonical").asText()), StandardCharsets.UTF_8);
          Matcher m = DIGEST.matcher(canonical);
          assertThat(m.find()).as("a policy digest in entry %s", e).isTrue();
          digests.add(new Recorded(e.path("seq").asLong(), m.group(1)));
        }
      }
      from = page.path("nextFrom").isNumber() ? page.path("nextFrom").asLong() : null;
    }
    return digests;
  }
}
