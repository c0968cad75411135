package dev.greenroom.catalog.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.testsupport.NodeConformance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The judge: Backstage's own {@code LdapOrgEntityProvider} (npm {@code
 * @backstage/plugin-catalog-backend-module-ldap}, pinned in {@code src/test/node/package-lock.json})
 * reads the same directory with the same config, and applies the same entities, with the same
 * location keys, as Greenroom's provider. Skipped without node and npm.
 */
class LdapBackstageConformanceTest {

  static final String PROVIDER = """
      target: TARGET
      bind: { dn: 'cn=reader,dc=example,dc=com', secret: s3cret-reader-pw }
      users:
        - dn: ou=people,dc=example,dc=com
          options:
            filter: |
              (&
                (objectClass=inetOrgPerson)
                (uid=*)
              )
            paged: { pageSize: 3 }
          map: { description: description }
          set:
            metadata.annotations["example.com/source"]: corporate-ldap
      groups:
        dn: ou=groups,dc=example,dc=com
        set: { spec.type: team }
      """;

  @Test
  @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
  void backstagesProviderAppliesTheSameEntities() throws Exception {
    compare("/ldap/org.ldif", List.of(), PROVIDER, 11);
  }

  @Test
  @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
  void backstagesProviderAppliesTheSameEntitiesFromActiveDirectory() throws Exception {
    // objectGUID as a GUID string, distinguishedName, mixed-case names lower-cased in refs
    compare("/ldap/active-directory.ldif", List.of(new Attribute("forestFunctionality", "7")),
        LdapVendorTest.AD_CONFIG, 3);
  }

  private static void compare(String ldif, List<Attribute> rootDse, String providerYaml,
      int expected) throws Exception {
    Path dir = NodeConformance.install("ldap-conformance.mjs");
    try (TestDirectory directory = TestDirectory.start(ldif, rootDse)) {
      LdapProviderConfig config = directory.config("corp", providerYaml);
      ObjectNode appConfig = Json.object();
      appConfig.putObject("catalog").putObject("providers").putObject("ldapOrg")
          .set("corp", TestDirectory.yaml(providerYaml.replace("TARGET", directory.target())));
      NodeConformance.Result r = NodeConformance.run(
          List.of("node", "ldap-conformance.mjs", Json.write(appConfig)), dir,
          Duration.ofMinutes(1));
      assertThat(r.exitCode()).as("Backstage's provider: %s", r.stderr()).isZero();
      Map<String, JsonNode> backstage = byRef((ArrayNode) Json.parse(r.stdout()));

      LdapOrgEntityProviderTest.Recorder recorder = new LdapOrgEntityProviderTest.Recorder();
      LdapOrgEntityProvider provider = LdapOrgEntityProvider.builder(config).build();
      provider.connect(recorder);
      provider.read();
      ArrayNode ours = Json.nodes().arrayNode();
      for (DeferredEntity d : ((EntityMutation.Full) recorder.mutations.get(0)).entities()) {
        ObjectNode o = ours.addObject();
        o.put("locationKey", d.locationKey());
        o.set("entity", d.entity().toJson());
      }
      Map<String, JsonNode> greenroom = byRef(ours);

      assertThat(greenroom.keySet()).isEqualTo(backstage.keySet()).hasSize(expected);
      List<String> differences = new ArrayList<>();
      for (String ref : backstage.keySet()) {
        if (!greenroom.get(ref).equals(backstage.get(ref))) {
          differences.add(ref + "\n  backstage: " + Json.stableWrite(backstage.get(ref))
              + "\n  greenroom: " + Json.stableWrite(greenroom.get(ref)));
        }
      }
      assertThat(differences).as("entities that differ").isEmpty();
    }
  }

  /** {locationKey, entity} by entity ref, with the order of relation lists set aside. */
  static Map<String, JsonNode> byRef(ArrayNode applied) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode d : applied) {
      ObjectNode copy = (ObjectNode) d.deepCopy();
      ObjectNode entity = (ObjectNode) copy.get("entity");
      ObjectNode spec = (ObjectNode) entity.get("spec");
      for (String list : List.of("memberOf", "children")) {
        if (spec != null && spec.get(list) instanceof ArrayNode a) {
          List<String> values = new ArrayList<>();
          a.forEach(v -> values.add(v.asString()));
          values.sort(null);
          ArrayNode sorted = spec.putArray(list);
          values.forEach(sorted::add);
        }
      }
      String ref = entity.path("kind").asString().toLowerCase(java.util.Locale.ROOT) + ":"
          + entity.path("metadata").path("namespace").asString("default") + "/"
          + entity.path("metadata").path("name").asString();
      out.put(ref, copy);
    }
    return out;
  }
}
