package io.gpuarbiter.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * Sends 10,000 mutated AdmissionReviews built from the real corpus: fields removed, values of the
 * wrong type, absurd size or awkward characters, bytes flipped or cut. Nothing may crash, answer
 * 5xx or with a body that is not valid JSON, or leave a ledger entry for input that was rejected.
 * The seed is fixed by default, printed, and in every failure message; {@code -Dfuzz.seed=N} runs
 * another sequence or replays one.
 */
class AdmissionFuzzTest {
  private static final int REVIEWS = 10_000;
  private static final long DEFAULT_SEED = 4711L;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Strict JSON: unescaped control characters, bad UTF-8 and trailing content are errors. */
  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  @Test
  void mutatedReviewsNeverCrashAndRejectedOnesWriteNothing() {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    System.out.println("AdmissionFuzzTest seed=" + seed + " replay with -Dfuzz.seed=" + seed);
    RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    RecordingLog log = new RecordingLog();
    AdmissionHandler handler =
        new AdmissionHandler(DemoArbiter.create(log), new ClaimTemplates(), 64 * 1024);
    List<JsonNode> objects = new ArrayList<>();
    Corpus.workloadFiles().forEach(f -> objects.addAll(Corpus.documents(f)));

    for (int i = 0; i < REVIEWS; i++) {
      JsonNode object = objects.get(random.nextInt(objects.size()));
      ObjectNode review = Reviews.create(object, "fuzz-" + i);
      byte[] body = mutate(review, random);
      int entriesBefore = log.records().size();
      Endpoint endpoint = random.nextBoolean() ? Endpoint.VALIDATE : Endpoint.MUTATE;
      HttpAnswer answer;
      try {
        answer = handler.handle(endpoint, body);
      } catch (RuntimeException e) {
        throw new AssertionError(
            "seed " + seed + ", review " + i + ": crashed on " + excerpt(body), e);
      }
      String where = "seed " + seed + ", review " + i + " (" + excerpt(body) + ")";
      assertThat(answer.status()).as(where).isIn(200, 400, 413);
      assertValidJson(answer, where);
      boolean rejected = answer.status() != 200 || deniedAsMalformed(answer);
      if (rejected) {
        assertThat(log.records())
            .as(where + ": rejected input was recorded")
            .hasSize(entriesBefore);
      }
    }
  }

  private static void assertValidJson(HttpAnswer answer, String where) {
    try {
      STRICT.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError(
          where + ": the answer is not valid JSON: " + excerpt(answer.body()), e);
    }
  }

  private static boolean deniedAsMalformed(HttpAnswer answer) {
    JsonNode response = Reviews.parse(answer.body()).path("response");
    return !response.path("allowed").asBoolean()
        && response.path("status").path("code").asInt() == 400;
  }

  static byte[] mutate(ObjectNode review, RandomGenerator random) {
    int strategy = random.nextInt(10);
    if (strategy == 0) { // cut the body short
      byte[] b = Reviews.bytes(review);
      return java.util.Arrays.copyOf(b, random.nextInt(b.length));
    }
    if (strategy == 1) { // flip one byte
      byte[] b = Reviews.bytes(review);
      b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
      return b;
    }
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      List<ObjectNode> parents = new ArrayList<>();
      List<String> fields = new ArrayList<>();
      collect(review, parents, fields);
      int pick = random.nextInt(parents.size());
      if (random.nextInt(3) == 0) {
        parents.get(pick).remove(fields.get(pick));
      } else {
        parents.get(pick).set(fields.get(pick), oddValue(random));
      }
    }
    return review.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode oddValue(RandomGenerator random) {
    return switch (random.nextInt(10)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.numberNode(-1 - random.nextInt(1000));
      case 2 -> NODES.numberNode(Long.MAX_VALUE);
      case 3 -> NODES.textNode("9".repeat(1 + random.nextInt(40)));
      case 4 -> NODES.textNode("0.5");
      case 5 -> NODES.textNode("x".repeat(random.nextInt(100_000)));
      case 6 -> NODES.arrayNode().add(1).add("two");
      case 7 -> NODES.objectNode().put("nvidia.com/gpu", "1e9");
      case 8 -> NODES.textNode(awkwardText(random));
      default -> NODES.booleanNode(random.nextBoolean());
    };
  }

  /** Characters JSON must escape or that need care: controls, quote, backslash, surrogates. */
  private static String awkwardText(RandomGenerator random) {
    String[] parts = {"\t", "\n", "\r", "\"", "\\", "\u0000", "\u001f", "\u2028", "\uD83D\uDE00"};
    StringBuilder s = new StringBuilder("v");
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      s.append(parts[random.nextInt(parts.length)]);
    }
    return s.toString();
  }

  private static void collect(JsonNode node, List<ObjectNode> parents, List<String> fields) {
    if (node instanceof ObjectNode o) {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        parents.add(o);
        fields.add(f);
        collect(o.get(f), parents, fields);
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(child -> collect(child, parents, fields));
    }
  }

  private static String excerpt(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
