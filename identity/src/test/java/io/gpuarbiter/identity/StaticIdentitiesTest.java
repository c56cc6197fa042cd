package io.gpuarbiter.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StaticIdentitiesTest {
  private static final StaticIdentities DEMO = new StaticIdentities(DemoModel.model().directory());

  static Stream<Arguments> groups() {
    return Stream.of(
        Arguments.of("team leads of nlp", "nlp-leads", List.of("ben")),
        Arguments.of("the nlp team", "nlp", List.of("ada", "ben")),
        Arguments.of("every department head", "department-heads", List.of("chen", "dana", "eli")),
        Arguments.of(
            "the GPU council, CTO included", "gpu-council", List.of("farah", "gus", "morgan")),
        Arguments.of("finance holds the veto", "finance", List.of("kim")),
        Arguments.of("a group nobody is in", "rl", List.of()),
        Arguments.of("an unknown group", "no-such-group", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groups")
  void membersOfAGroupAreOrderedById(String description, String group, List<String> wantIds) {
    assertThat(DEMO.membersOf(group))
        .extracting(u -> u.id().value())
        .containsExactlyElementsOf(wantIds);
  }

  @Test
  void aUserComesWithGroupsRolesAndDisplayName() {
    User ben = DEMO.user(new UserId("ben")).orElseThrow();
    assertThat(ben.displayName()).isEqualTo("Ben Okafor");
    assertThat(ben.groups()).containsExactlyInAnyOrder("nlp", "nlp-leads");
    assertThat(ben.roles()).containsExactlyInAnyOrder(Role.APPROVER, Role.REQUESTER, Role.VIEWER);
    assertThat(DEMO.groupsOf(new UserId("ivan"))).containsExactly("audit");
    assertThat(DEMO.rolesOf(new UserId("jo"))).containsExactlyInAnyOrder(Role.ADMIN, Role.VIEWER);
  }

  @Test
  void anUnknownUserIsEmptyNotAnError() {
    UserId nobody = new UserId("nobody");
    assertThat(DEMO.user(nobody)).isEmpty();
    assertThat(DEMO.groupsOf(nobody)).isEmpty();
    assertThat(DEMO.rolesOf(nobody)).isEmpty();
  }

  @Test
  void aUserWithoutGroupsIsStillAUser() {
    assertThat(DEMO.user(new UserId("hana")))
        .hasValueSatisfying(u -> assertThat(u.groups()).isEmpty());
  }

  @Test
  void usersAreTheWholeDirectoryOrderedById() {
    List<User> users = DEMO.users();
    assertThat(users).hasSize(DemoModel.model().directory().users().size());
    assertThat(users).extracting(u -> u.id().value()).isSorted().first().isEqualTo("ada");
    assertThat(DEMO.directory()).isEqualTo(DemoModel.model().directory());
  }

  @Test
  void worksOverAnyDirectory() {
    User solo = new User(new UserId("solo"), "Solo", Set.of("g"), Set.of(Role.VIEWER));
    StaticIdentities identities = new StaticIdentities(new Directory(List.of(solo)));
    assertThat(identities.membersOf("g")).containsExactly(solo);
    assertThat(identities.users()).containsExactly(solo);
  }
}
