package io.gpuarbiter.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.api.security.Caller;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.DemoModel;
import io.gpuarbiter.identity.TokenIdentity;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who reads which ledger entries, for the demo organisation's users. */
class LedgerScopeTest {
  private static final GovernanceModel MODEL = DemoModel.model();
  private static final Set<String> EVERY_TEAM =
      Set.of(
          "nlp",
          "vision",
          "rl",
          "assistant",
          "search",
          "recsys",
          "ml-platform",
          "evals",
          "playground");

  static Stream<Arguments> callers() {
    return Stream.of(
        Arguments.of("ivan the auditor reads everything", "ivan", true, Set.of()),
        Arguments.of("jo the admin reads everything", "jo", true, Set.of()),
        Arguments.of(
            "farah on the GPU council (organization) reads everything", "farah", true, Set.of()),
        Arguments.of(
            "kim, finance veto at organization level, reads everything", "kim", true, Set.of()),
        Arguments.of("ada reads her team nlp", "ada", false, Set.of("nlp")),
        Arguments.of("ben, nlp's lead, reads nlp", "ben", false, Set.of("nlp")),
        Arguments.of("mia reads assistant", "mia", false, Set.of("assistant")),
        Arguments.of(
            "chen, a department head (policy exceptions in any department), reads every team",
            "chen",
            false,
            EVERY_TEAM),
        Arguments.of("hana, a viewer in no group, reads nothing", "hana", false, Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("callers")
  void whoReadsWhat(String name, String id, boolean all, Set<String> teams) {
    User user = MODEL.directory().user(new UserId(id)).orElseThrow();
    LedgerScope scope =
        LedgerScope.of(
            new Caller(new TokenIdentity(user.id(), user.groups(), user.roles())), MODEL);
    assertThat(scope.all()).isEqualTo(all);
    assertThat(scope.teams()).isEqualTo(teams);
    assertThat(scope.reads(null)).as("entries of no team (model changes)").isEqualTo(all);
    assertThat(scope.reads("vision")).isEqualTo(all || teams.contains("vision"));
  }
}
