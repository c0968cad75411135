package dev.greenroom.http.scaffolder;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.render.TemplateRenderer;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v2/templating-extensions}, which the frontend's "Templating Extensions" page and the
 * template editor read: Backstage's own filters with a description, JSON schemas of input,
 * arguments and output and examples, then the host's filters, global functions and global values
 * (those by name; a global value with its value).
 */
final class TemplatingExtensions {
  private TemplatingExtensions() {}

  static ObjectNode of(TemplateRenderer renderer) {
    ObjectNode out = Json.object();
    ObjectNode filters = out.putObject("filters");
    for (String name : TemplateRenderer.backstageFilters()) {
      filters.set(name, builtin(name));
    }
    renderer.hostFilters().keySet().forEach(name -> filters.putObject(name));
    ObjectNode globals = out.putObject("globals");
    ObjectNode functions = globals.putObject("functions");
    renderer.hostFunctions().keySet().forEach(name -> functions.putObject(name));
    ObjectNode values = globals.putObject("values");
    for (Map.Entry<String, tools.jackson.databind.JsonNode> e : renderer.hostGlobals().entrySet()) {
      values.putObject(e.getKey()).set("value", e.getValue());
    }
    return out;
  }

  private static ObjectNode builtin(String name) {
    ObjectNode f = Json.object();
    ObjectNode schema = Json.object();
    switch (name) {
      case "parseRepoUrl" -> {
        f.put("description", "Splits a repository URL of a RepoUrlPicker (host?owner=..&repo=..)"
            + " into host, owner, repo, organization, workspace and project.");
        schema.putObject("input").put("type", "string");
        ObjectNode o = schema.putObject("output");
        o.put("type", "object");
        ObjectNode p = o.putObject("properties");
        for (String k : new String[] {"host", "owner", "repo", "organization", "workspace",
            "project"}) {
          p.putObject(k).put("type", "string");
        }
        o.putArray("required").add("host").add("repo");
        example(f, "${{ parameters.repoUrl | parseRepoUrl }}",
            "Given github.com?owner=acme&repo=petstore: {host: github.com, owner: acme, repo:"
                + " petstore}");
      }
      case "parseEntityRef" -> {
        f.put("description", "Splits an entity reference into kind, namespace and name; the"
            + " optional argument supplies a default kind and namespace.");
        schema.putObject("input").put("type", "string");
        ObjectNode arg = schema.putArray("arguments").addObject();
        arg.put("type", "object");
        ObjectNode ap = arg.putObject("properties");
        ap.putObject("defaultKind").put("type", "string");
        ap.putObject("defaultNamespace").put("type", "string");
        ObjectNode o = schema.putObject("output");
        o.put("type", "object");
        ObjectNode p = o.putObject("properties");
        p.putObject("kind").put("type", "string");
        p.putObject("namespace").put("type", "string");
        p.putObject("name").put("type", "string");
        o.putArray("required").add("kind").add("namespace").add("name");
        example(f, "${{ parameters.owner | parseEntityRef }}",
            "Given group:default/team-a: {kind: group, namespace: default, name: team-a}");
        example(f, "${{ parameters.owner | parseEntityRef({ defaultKind: 'group' }) }}",
            "Given team-a: {kind: group, namespace: default, name: team-a}");
      }
      case "pick" -> {
        f.put("description", "Selects one property of an object, by name or dotted path.");
        schema.putObject("input").put("type", "object");
        schema.putArray("arguments").addObject().put("type", "string");
        schema.putObject("output");
        example(f, "${{ parameters.owner | parseEntityRef | pick('name') }}",
            "Given group:default/team-a: team-a");
      }
      case "projectSlug" -> {
        f.put("description", "Turns a repository URL of a RepoUrlPicker into owner/repo.");
        schema.putObject("input").put("type", "string");
        schema.putObject("output").put("type", "string");
        example(f, "${{ parameters.repoUrl | projectSlug }}",
            "Given github.com?owner=acme&repo=petstore: acme/petstore");
      }
      default -> f.put("description", "Backstage filter " + name);
    }
    f.set("schema", schema);
    return f;
  }

  private static void example(ObjectNode f, String example, String notes) {
    ArrayNode list = f.has("examples") ? (ArrayNode) f.get("examples") : f.putArray("examples");
    list.addObject().put("example", example).put("notes", notes);
  }
}
