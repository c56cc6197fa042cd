package io.gpuarbiter.admission.owners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which controller-made objects a charged workload covers, and which references are no pass. */
class ControllerChildrenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "nlp-train";

  private final Set<String> charged = new HashSet<>();
  private final Map<String, Lineage.Owned> cluster = new HashMap<>();
  private final ControllerChildren children =
      new ControllerChildren(
          charged::contains,
          (ns, ref) -> Optional.ofNullable(cluster.get(ns + "/" + ref.kind() + "/" + ref.name())));

  @Test
  void aPodOfAnAdmittedJobIsCoveredByTheJob() {
    admit("batch/v1", "Job", "train", "uid-job");
    assertThat(
            children.coveringAncestor(
                NS, child("Pod", "train-0", "uid-p", owner("batch/v1", "Job", "train", "uid-job"))))
        .contains("batch/Job/" + NS + "/train");
  }

  @Test
  void aReferenceWithTheWrongUidIsNoFreePass() {
    admit("batch/v1", "Job", "train", "uid-job");
    assertThat(
            children.coveringAncestor(
                NS,
                child("Pod", "sneaky", "uid-s", owner("batch/v1", "Job", "train", "uid-forged"))))
        .isEmpty();
  }

  @Test
  void aReferenceToAnUnchargedOrMissingOwnerIsNoFreePass() {
    assertThat(
            children.coveringAncestor(
                NS, child("Pod", "p", "uid-p", owner("batch/v1", "Job", "nobody", "uid-x"))))
        .isEmpty();
    cluster.put(NS + "/Job/idle", new Lineage.Owned("uid-idle", Optional.empty()));
    assertThat(
            children.coveringAncestor(
                NS, child("Pod", "p", "uid-p", owner("batch/v1", "Job", "idle", "uid-idle"))))
        .isEmpty();
  }

  @Test
  void aChargedOwnerWhoseUidNobodyCanConfirmCoversNothing() {
    charged.add("batch/Job/" + NS + "/train"); // charged before a restart; no cluster to ask
    assertThat(
            children.coveringAncestor(
                NS, child("Pod", "p", "uid-p", owner("batch/v1", "Job", "train", "uid-job"))))
        .isEmpty();
    cluster.put(NS + "/Job/train", new Lineage.Owned("uid-job", Optional.empty()));
    assertThat(
            children.coveringAncestor(
                NS, child("Pod", "p", "uid-p", owner("batch/v1", "Job", "train", "uid-job"))))
        .contains("batch/Job/" + NS + "/train");
  }

  @Test
  void aDeploymentsReplicaSetAndItsPodsAreCoveredThroughTheChain() {
    admit("apps/v1", "Deployment", "serve", "uid-d");
    ObjectNode rs =
        child("ReplicaSet", "serve-7f", "uid-rs", owner("apps/v1", "Deployment", "serve", "uid-d"));
    assertThat(children.coveringAncestor(NS, rs)).contains("apps/Deployment/" + NS + "/serve");
    children.covered(rs, "apps/Deployment/" + NS + "/serve");
    // The pod resolves through the recorded ReplicaSet, without asking the cluster.
    assertThat(
            children.coveringAncestor(
                NS,
                child(
                    "Pod",
                    "serve-7f-x",
                    "uid-p",
                    owner("apps/v1", "ReplicaSet", "serve-7f", "uid-rs"))))
        .contains("apps/Deployment/" + NS + "/serve");
  }

  @Test
  void afterARestartTheChainIsFollowedThroughTheCluster() {
    charged.add("apps/Deployment/" + NS + "/serve");
    cluster.put(NS + "/Deployment/serve", new Lineage.Owned("uid-d", Optional.empty()));
    cluster.put(
        NS + "/ReplicaSet/serve-7f",
        new Lineage.Owned("uid-rs", Optional.of(owner("apps/v1", "Deployment", "serve", "uid-d"))));
    assertThat(
            children.coveringAncestor(
                NS,
                child("Pod", "p", "uid-p", owner("apps/v1", "ReplicaSet", "serve-7f", "uid-rs"))))
        .contains("apps/Deployment/" + NS + "/serve");
    // An intermediate object whose uid is not the referenced one breaks the chain.
    cluster.put(
        NS + "/ReplicaSet/serve-7f",
        new Lineage.Owned(
            "uid-other", Optional.of(owner("apps/v1", "Deployment", "serve", "uid-d"))));
    assertThat(
            children.coveringAncestor(
                NS,
                child("Pod", "p", "uid-p", owner("apps/v1", "ReplicaSet", "serve-7f", "uid-rs"))))
        .isEmpty();
  }

  @Test
  void theChainIsFollowedAtMostMaxDepthLinks() {
    charged.add("example.com/Top/" + NS + "/top");
    cluster.put(NS + "/Top/top", new Lineage.Owned("uid-top", Optional.empty()));
    OwnerRef up = owner("example.com/v1", "Top", "top", "uid-top");
    for (int i = 1; i < ControllerChildren.MAX_DEPTH + 1; i++) {
      cluster.put(NS + "/Mid/m" + i, new Lineage.Owned("uid-m" + i, Optional.of(up)));
      up = owner("example.com/v1", "Mid", "m" + i, "uid-m" + i);
    }
    // MAX_DEPTH intermediates: the charged top is one link too far.
    assertThat(children.coveringAncestor(NS, child("Pod", "p", "uid-p", up))).isEmpty();
  }

  @Test
  void onlyTheControllingReferenceCountsAndAReleasedAncestorCoversNothing() {
    admit("batch/v1", "Job", "train", "uid-job");
    ObjectNode notController =
        child("Pod", "p", "uid-p", owner("batch/v1", "Job", "train", "uid-job"));
    ((ObjectNode) notController.at("/metadata/ownerReferences/0")).put("controller", false);
    assertThat(children.coveringAncestor(NS, notController)).isEmpty();

    ObjectNode rs = child("Job", "j", "uid-j", owner("batch/v1", "CronJob", "nightly", "uid-c"));
    admit("batch/v1", "CronJob", "nightly", "uid-c");
    children.covered(rs, "batch/CronJob/" + NS + "/nightly");
    charged.remove("batch/CronJob/" + NS + "/nightly");
    assertThat(
            children.coveringAncestor(
                NS, child("Pod", "p", "uid-p", owner("batch/v1", "Job", "j", "uid-j"))))
        .isEmpty();
  }

  private void admit(String apiVersion, String kind, String name, String uid) {
    OwnerRef self = owner(apiVersion, kind, name, uid);
    charged.add(self.key(NS));
    ObjectNode o = JSON.createObjectNode();
    o.putObject("metadata").put("name", name).put("uid", uid);
    children.admitted(self.key(NS), o);
  }

  private static OwnerRef owner(String apiVersion, String kind, String name, String uid) {
    return new OwnerRef(apiVersion, kind, name, uid);
  }

  private static ObjectNode child(String kind, String name, String uid, OwnerRef owner) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", kind);
    ObjectNode meta = o.putObject("metadata").put("name", name).put("uid", uid);
    meta.putArray("ownerReferences")
        .addObject()
        .put("apiVersion", owner.apiVersion())
        .put("kind", owner.kind())
        .put("name", owner.name())
        .put("uid", owner.uid())
        .put("controller", true);
    return o;
  }
}
