package io.gpuarbiter.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.api.boot.ArbiterSettings;
import io.gpuarbiter.api.boot.ModelSource;
import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DirectoryRefreshTest {
  private static final UserId ELI = new UserId("eli");

  private final GovernanceModel model = load();
  private final GovernanceSnapshot snapshot = GovernanceSnapshot.of(model, "sha256:policies");

  @Test
  void anUnchangedDirectoryLeavesTheSnapshotAlone() {
    Directory same = new Directory(List.copyOf(model.directory().users()));
    assertThat(DirectoryRefresh.withDirectory(snapshot, same)).isSameAs(snapshot);
  }

  @Test
  void aNewMemberOfAnApproverGroupIsInTheNextSnapshotsIndex() {
    assertThat(snapshot.index().members("product-heads")).containsExactly(new UserId("dana"));
    GovernanceSnapshot next =
        DirectoryRefresh.withDirectory(
            snapshot, withGroup(model.directory(), ELI, "product-heads"));
    assertThat(next.index().members("product-heads"))
        .containsExactlyInAnyOrder(new UserId("dana"), ELI);
    assertThat(next.policyDigest()).isEqualTo("sha256:policies");
    assertThat(next.model().quotas()).isEqualTo(model.quotas());
  }

  private static Directory withGroup(Directory directory, UserId id, String group) {
    return new Directory(
        directory.users().stream()
            .map(u -> {
              if (!u.id().equals(id)) {
                return u;
              }
              Set<String> groups = new LinkedHashSet<>(u.groups());
              groups.add(group);
              return new User(u.id(), u.displayName(), groups, u.roles());
            })
            .toList());
  }

  private static GovernanceModel load() {
    try {
      return ModelSource.load(ArbiterSettings.DEMO_MODEL).model();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
