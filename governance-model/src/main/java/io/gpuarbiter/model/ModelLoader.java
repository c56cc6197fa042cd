package io.gpuarbiter.model;

import io.gpuarbiter.arbitration.model.ArbitrationSettings;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.Directory;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Organization;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a governance model file and validates all of it in one pass: syntax, fields, units,
 * references and capacity sums. Either every section is sound and a {@link LoadedModel} comes back,
 * or an {@link InvalidModelException} lists every problem with file, line and path.
 */
public final class ModelLoader {
  /** A model is configuration, not data: anything bigger is a mistake or an attack. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private static final Set<String> TOP_LEVEL =
      Set.of(
          "apiVersion",
          "kind",
          "organization",
          "pools",
          "classes",
          "coexistence",
          "quotas",
          "departmentCaps",
          "reservations",
          "authority",
          "classification",
          "settings",
          "directory");

  private ModelLoader() {}

  public static LoadedModel load(Path file) throws InvalidModelException {
    String name = file.toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw invalid(name, "file is larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw invalid(name, "cannot read the model file: " + e);
    }
    return parse(name, new String(bytes, StandardCharsets.UTF_8));
  }

  /** Parses model text; {@code name} is used in problem locations. */
  public static LoadedModel parse(String name, String yaml) throws InvalidModelException {
    Problems problems = new Problems(name);
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit(MAX_BYTES);
      options.setMaxAliasesForCollections(50);
      root = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new InvalidModelException(
          List.of(new ModelProblem(name, line, "", "not valid YAML: " + e.getProblem())));
    } catch (YAMLException e) {
      throw invalid(name, "not valid YAML: " + e.getMessage());
    }
    Optional<GovernanceModel> model = Section.root(root, problems).flatMap(ModelLoader::read);
    if (problems.count() > 0 || model.isEmpty()) {
      throw new InvalidModelException(problems.sorted());
    }
    return new LoadedModel(model.get(), sha256(yaml), name);
  }

  private static Optional<GovernanceModel> read(Section root) {
    root.allowOnly(TOP_LEVEL);
    root.string("apiVersion")
        .filter(v -> !v.equals(LoadedModel.API_VERSION))
        .ifPresent(v -> root.problem("apiVersion", "expected " + LoadedModel.API_VERSION));
    root.string("kind")
        .filter(v -> !v.equals("GovernanceModel"))
        .ifPresent(v -> root.problem("kind", "expected GovernanceModel"));
    Optional<Organization> org = OrganizationReader.read(root);
    Set<String> poolIds = new HashSet<>();
    List<Pool> pools = PoolReader.read(root, poolIds);
    Directory directory = AuthorityReader.directory(root);
    References refs =
        new References(
            org.orElse(new Organization("unknown", List.of(), List.of())),
            pools,
            poolIds,
            directory);
    Map<WorkloadClass, ClassPolicy> classes = ClassReader.classes(root);
    ArbitrationSettings settings = ClassReader.settings(root);
    var coexistence = ClassReader.coexistence(root);
    var classification = ClassReader.classification(root);
    var quotas = EntitlementReader.quotas(root, refs);
    var caps = EntitlementReader.departmentCaps(root, refs);
    var reservations = EntitlementReader.reservations(root, refs);
    var authority = AuthorityReader.authority(root, refs);
    if (!root.clean() || org.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new GovernanceModel(
            org.get(),
            pools,
            classes,
            coexistence,
            quotas,
            caps,
            reservations,
            authority,
            classification,
            directory,
            settings));
  }

  private static InvalidModelException invalid(String name, String message) {
    return new InvalidModelException(List.of(new ModelProblem(name, 0, "", message)));
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
