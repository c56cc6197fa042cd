package io.gpuarbiter.admission.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A KAI {@code gpu-fraction} annotation is read as a plain decimal; an exponent (which would make
 * the rounding compute a power of ten with a billion digits) is a malformed workload naming the
 * annotation, not minutes of CPU.
 */
class FractionBoundsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> fractions() {
    return Stream.of(
        Arguments.of("a plain quarter", "0.25", "fraction(250‰)"),
        Arguments.of("a leading point", ".5", "fraction(500‰)"),
        Arguments.of("a tiny exponent", "1e-999999999", "annotations.gpu-fraction: expected"),
        Arguments.of("a huge exponent", "1e999999999", "annotations.gpu-fraction: expected"),
        Arguments.of("an exponent on a fraction", "0.5e-1", "annotations.gpu-fraction: expected"),
        Arguments.of(
            "too many decimals", "0." + "1".repeat(40), "annotations.gpu-fraction: expected"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fractions")
  void readsTheFraction(String name, String fraction, String want) throws Exception {
    JsonNode pod =
        JSON.readTree(
            "{\"kind\":\"Pod\",\"metadata\":{\"annotations\":{\"gpu-fraction\":\""
                + fraction
                + "\"}},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}");
    DecodedWorkload d =
        new WorkloadDecoder(new ClaimTemplates()).decode("Pod", "ns", "key", "ada", pod);
    String got =
        d instanceof DecodedWorkload.Gpu g
            ? CorpusDecodingTest.describe(g.request().podSets().get(0))
            : ((DecodedWorkload.Malformed) d).message();
    assertThat(got).contains(want);
  }
}
