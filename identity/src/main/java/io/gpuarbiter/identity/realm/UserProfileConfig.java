package io.gpuarbiter.identity.realm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The realm's declarative user profile: Keycloak 26's default attributes (username, email, first
 * and last name) plus the managed attribute {@code displayName}, which holds the model's display
 * name verbatim. Differences from Keycloak's default, on purpose: user names may be shorter than 3
 * characters (the demo has {@code jo}).
 */
final class UserProfileConfig {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private UserProfileConfig() {}

  static ObjectNode build() {
    ObjectNode config = NODES.objectNode();
    ArrayNode attributes = config.putArray("attributes");
    ObjectNode username = attribute("username", "${username}", false, true);
    ObjectNode usernameChecks = username.putObject("validations");
    usernameChecks.putObject("length").put("min", 1).put("max", 255);
    usernameChecks.putObject("username-prohibited-characters");
    usernameChecks.putObject("up-username-not-idn-homograph");
    attributes.add(username);
    ObjectNode email = attribute("email", "${email}", true, true);
    ObjectNode emailChecks = email.putObject("validations");
    emailChecks.putObject("email");
    emailChecks.putObject("length").put("max", 255);
    attributes.add(email);
    for (String name : List.of("firstName", "lastName")) {
      ObjectNode person = attribute(name, "${" + name + "}", true, true);
      ObjectNode checks = person.putObject("validations");
      checks.putObject("length").put("max", 255);
      checks.putObject("person-name-prohibited-characters");
      attributes.add(person);
    }
    ObjectNode displayName =
        attribute(DemoRealm.DISPLAY_NAME_ATTRIBUTE, "Display name", false, false);
    displayName.putObject("validations").putObject("length").put("max", 255);
    attributes.add(displayName);
    config
        .putArray("groups")
        .addObject()
        .put("name", "user-metadata")
        .put("displayHeader", "User metadata")
        .put("displayDescription", "Attributes, which refer to user metadata");
    return config;
  }

  private static ObjectNode attribute(
      String name, String displayName, boolean required, boolean userEdits) {
    ObjectNode attribute = NODES.objectNode().put("name", name).put("displayName", displayName);
    if (required) {
      attribute.putObject("required").putArray("roles").add("user");
    }
    ObjectNode permissions = attribute.putObject("permissions");
    permissions.putArray("view").add("admin").add("user");
    ArrayNode edit = permissions.putArray("edit").add("admin");
    if (userEdits) {
      edit.add("user");
    }
    attribute.put("multivalued", false);
    return attribute;
  }
}
