package dev.greenroom.catalog.github;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.github.FakeGithub;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An organisation {@code acme} on a {@link FakeGithub}: repositories, members and teams. */
final class GithubFixture {
  static final String TOKEN = "ghp_fixtureToken0123456789abcdefABCDEF";
  static final String ORG = "acme";

  private GithubFixture() {}

  /** The organisation's data on a new fake. */
  static FakeGithub acme() throws Exception {
    FakeGithub gh = new FakeGithub().token(TOKEN);
    gh.repo(ORG, "service-a", files("catalog-info.yaml", component("service-a", "platform")));
    gh.repo(ORG, "service-b", files("catalog-info.yaml", component("service-b", "infra")))
        .topics("backstage", "java");
    gh.repo(ORG, "website", files("catalog-info.yaml", component("website", "design")))
        .visibility("PUBLIC");
    gh.repo(ORG, "old-app", files("catalog-info.yaml", component("old-app", "platform")))
        .archived(true);
    gh.repo(ORG, "forked-lib", files("catalog-info.yaml", component("forked-lib", "infra")))
        .fork(true);
    gh.repo(ORG, "no-catalog", files("README.md", "# nothing here\n"));
    gh.repo(ORG, "experimental-x", files("catalog-info.yaml", component("experimental-x", "infra")))
        .topics("experimental").visibility("INTERNAL");
    gh.repo("someone-else", "elsewhere", files("catalog-info.yaml", component("elsewhere", "x")));
    gh.member(ORG, "alice", "Alice Adams", "alice@acme.example", "https://avatars.example/alice",
        "Platform lead");
    gh.member(ORG, "bob", "Bob Brown", "", "https://avatars.example/bob", null);
    gh.member(ORG, "carol", "Carol Chen", "carol@acme.example", null, "");
    gh.team(ORG, "platform", "Platform", "The platform team", null, "alice");
    gh.team(ORG, "infra", "Infrastructure", "Runs the machines", "platform", "bob", "carol");
    gh.team(ORG, "design", "Design", null, null, "carol");
    return gh;
  }

  static String component(String name, String owner) {
    return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
        + "\nspec:\n  type: service\n  lifecycle: production\n  owner: " + owner + "\n";
  }

  static Map<String, byte[]> files(String... pathsAndContents) {
    Map<String, byte[]> m = new TreeMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      m.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  /** {@code integrations} with one GitHub Enterprise host: the fake, with a token. */
  static ScmIntegrations integrations(FakeGithub gh, String token) {
    return ScmIntegrations.builder().config(Json.parse("{\"github\": [{\"host\": \"" + gh.host()
        + "\", \"apiBaseUrl\": \"" + gh.apiBaseUrl() + "\", \"token\": \"" + token + "\"}]}"))
        .build();
  }

  /** A connection that records what providers do. */
  static final class Recording implements EntityProviderConnection {
    final List<EntityMutation> mutations = new CopyOnWriteArrayList<>();
    final List<List<String>> refreshes = new CopyOnWriteArrayList<>();

    @Override
    public void applyMutation(EntityMutation mutation) {
      mutations.add(mutation);
    }

    @Override
    public void refresh(Collection<String> keys) {
      refreshes.add(new ArrayList<>(keys));
    }

    EntityMutation last() {
      return mutations.get(mutations.size() - 1);
    }
  }
}
