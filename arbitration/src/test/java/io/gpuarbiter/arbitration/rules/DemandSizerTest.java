package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.PodSet;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Requests;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DemandSizerTest {
  static Stream<Arguments> cases() {
    Pool h100 = Models.h100();
    Pool a100 = Models.a100();
    return Stream.of(
        Arguments.of(
            "two pods of four whole GPUs are 8 GPUe",
            aRequest().pods(2).wholeGpus(4),
            a100,
            SharingMode.WHOLE,
            "8"),
        Arguments.of(
            "a KAI fraction of 0.25 is 0.25 GPUe",
            aRequest().fraction(250),
            a100,
            SharingMode.TIME_SLICING,
            "0.25"),
        Arguments.of(
            "20 GiB of an 80 GiB GPU is 0.25 GPUe",
            aRequest().gpuMemory(20480),
            a100,
            SharingMode.MPS,
            "0.25"),
        Arguments.of(
            "HAMi takes the larger of memory and cores share",
            aRequest()
                .demand(
                    new GpuDemand.HamiShare(
                        2, OptionalInt.of(30), OptionalLong.empty(), OptionalInt.of(50))),
            a100,
            SharingMode.TIME_SLICING,
            "1"));
  }

  static Stream<Arguments> migAndMore() {
    Pool h100 = Models.h100();
    Pool a100 = Models.a100();
    return Stream.of(
        Arguments.of(
            "a 1g.10gb slice on an H100-80GB is one seventh, rounded up",
            aRequest().mig("1g.10gb", 1),
            h100,
            SharingMode.MIG,
            "0.142858"),
        Arguments.of(
            "a 1g.20gb slice is its memory share, a quarter",
            aRequest().mig("1g.20gb", 1),
            h100,
            SharingMode.MIG,
            "0.25"),
        Arguments.of(
            "seven 1g.10gb slices are one GPU (within rounding)",
            aRequest().pods(7).mig("1g.10gb", 1),
            h100,
            SharingMode.MIG,
            "1.000006"),
        Arguments.of(
            "a half fraction on a MIG pool becomes a 3g.40gb slice",
            aRequest().fraction(500),
            h100,
            SharingMode.MIG,
            "0.5"),
        Arguments.of(
            "a DRA claim of 3 devices is 3 GPUe",
            aRequest().demand(new GpuDemand.DraDevices(3)),
            a100,
            SharingMode.WHOLE,
            "3"),
        Arguments.of(
            "pod sets add up, all-or-nothing",
            aRequest()
                .podSets(
                    new PodSet("launcher", 1, new GpuDemand.WholeGpus(0)),
                    new PodSet("worker", 3, new GpuDemand.WholeGpus(2))),
            a100,
            SharingMode.WHOLE,
            "6"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"cases", "migAndMore"})
  void sizes(String name, Requests request, Pool pool, SharingMode mode, String wantGpue) {
    var r = request.build();
    DemandKind kind = DemandKind.of(r, new StringBuilder()).orElseThrow();

    Verdict<PodShape> v = DemandSizer.size(r, kind, pool, mode, OptionalLong.empty());

    assertThat(v).isInstanceOf(Verdict.Pass.class);
    assertThat(((Verdict.Pass<PodShape>) v).value().total().toString()).isEqualTo(wantGpue);
  }

  static Stream<Arguments> unfit() {
    return Stream.of(
        Arguments.of(
            "memory beyond one GPU does not fit",
            aRequest().gpuMemory(100_000),
            Models.a100(),
            SharingMode.TIME_SLICING),
        Arguments.of(
            "a profile of another GPU model does not fit",
            aRequest().mig("1g.5gb", 1),
            Models.h100(),
            SharingMode.MIG),
        Arguments.of(
            "a fraction cannot become MIG on a GPU model without MIG",
            aRequest().fraction(500),
            Models.l4(),
            SharingMode.MIG));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unfit")
  void refusesWhatDoesNotFit(String name, Requests request, Pool pool, SharingMode mode) {
    var r = request.build();
    DemandKind kind = DemandKind.of(r, new StringBuilder()).orElseThrow();

    Verdict<PodShape> v = DemandSizer.size(r, kind, pool, mode, OptionalLong.empty());

    assertThat(v).isInstanceOf(Verdict.Fail.class);
    assertThat(((Verdict.Fail<PodShape>) v).reasons())
        .extracting(x -> x.code().code())
        .containsExactly("demand.unfit-pool");
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(
            "mixing whole GPUs and fractions cannot be sized",
            aRequest()
                .podSets(
                    new PodSet("a", 1, new GpuDemand.WholeGpus(1)),
                    new PodSet("b", 1, new GpuDemand.GpuFraction(500))),
            false),
        Arguments.of(
            "an unsized pod set cannot be sized",
            aRequest().demand(new GpuDemand.Unsized("CEL selector")),
            false),
        Arguments.of(
            "a zero-GPU launcher beside GPU workers can",
            aRequest()
                .podSets(
                    new PodSet("launcher", 1, new GpuDemand.WholeGpus(0)),
                    new PodSet("worker", 2, new GpuDemand.MigSlices("1g.10gb", 1))),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void tellsTheMechanism(String name, Requests request, boolean wantSized) {
    StringBuilder why = new StringBuilder();
    assertThat(DemandKind.of(request.build(), why).isPresent())
        .as(why.toString())
        .isEqualTo(wantSized);
  }
}
