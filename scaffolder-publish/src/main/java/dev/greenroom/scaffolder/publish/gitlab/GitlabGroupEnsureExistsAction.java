package dev.greenroom.scaffolder.publish.gitlab;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.publish.http.HostApi;
import dev.greenroom.scaffolder.publish.internal.HostAction;
import dev.greenroom.scaffolder.publish.internal.PublishSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code gitlab:group:ensureExists}: makes sure every group along {@code path} exists (each
 * segment a slug, or {@code {name, slug}}), creating the missing ones under their parent, and
 * outputs the last one's {@code groupId}, as Backstage's action. The groups it creates get the
 * {@code description} given; groups that exist already are left as they are.
 */
public final class GitlabGroupEnsureExistsAction extends HostAction {

  /** The action over the shared settings. */
  public GitlabGroupEnsureExistsAction(PublishSettings settings) {
    super(settings, "gitlab:group:ensureExists", "Ensures a Gitlab group exists", """
        {"type":"object","required":["repoUrl","path"],"properties":{
          "repoUrl":{"type":"string","title":"Repository Location","description":"Accepts the format 'gitlab.com?repo=project_name&owner=group_name'"},
          "token":{"title":"Authentication Token","type":"string","description":"The token to use for authorization to GitLab"},
          "description":{"title":"Group description","type":"string","description":"The description of the groups that are created"},
          "path":{"title":"Group path","description":"A path of group names or objects (name and slug) that is ensured to exist","type":"array","items":{"anyOf":[{"type":"string"},{"type":"object","required":["name","slug"],"properties":{"name":{"type":"string"},"slug":{"type":"string"}}}]}}}}""",
        """
        {"type":"object","properties":{
          "groupId":{"title":"The id of the innermost sub-group","type":"number"}}}""",
        new ActionExample("Creating a group at the top level", """
            steps:
              - id: gitlabGroup
                name: Group
                action: gitlab:group:ensureExists
                input:
                  repoUrl: gitlab.com
                  path:
                    - group1
            """));
  }

  /** Dry-run safe, as Backstage's: a dry run answers {@code groupId} 42 without calling GitLab. */
  @Override
  public boolean supportsDryRun() {
    return true;
  }

  @Override
  public void execute(ActionContext ctx) {
    if (ctx.isDryRun()) {
      ctx.output("groupId", Json.nodes().numberNode(42));
      return;
    }
    GitlabTarget t = GitlabTarget.ofHost(id(), ctx, settings, required(ctx, "repoUrl"));
    HostApi api = t.api();
    String base = t.apiBase();
    String current = null;
    Long parent = null;
    for (JsonNode seg : ctx.input().path("path")) {
      String slug = seg.isString() ? seg.stringValue() : seg.path("slug").asString("");
      String name = seg.isString() ? seg.stringValue() : seg.path("name").asString(slug);
      if (slug.isEmpty()) {
        throw new ActionException(id() + ": path has an empty group");
      }
      String full = current == null ? slug : current + "/" + slug;
      JsonNode found = api.call("GET", base + "/groups?search=" + GitlabTarget.enc(full), null,
          "searching group " + full);
      Long id = null;
      for (JsonNode g : found) {
        if (full.equals(g.path("full_path").asString(""))) {
          id = g.path("id").asLong();
        }
      }
      if (id == null) {
        ctx.log("creating missing group " + full);
        ObjectNode body = Json.object();
        body.put("name", name);
        body.put("path", slug);
        String description = text(ctx, "description");
        if (description != null && !description.isEmpty()) {
          body.put("description", description);
        }
        if (parent != null) {
          body.put("parent_id", parent);
        }
        id = api.call("POST", base + "/groups", body, "creating group " + full).path("id")
            .asLong();
      }
      parent = id;
      current = full;
    }
    if (parent == null) {
      throw new ActionException(id() + ": path names no group");
    }
    ctx.output("groupId", Json.nodes().numberNode(parent));
  }
}
