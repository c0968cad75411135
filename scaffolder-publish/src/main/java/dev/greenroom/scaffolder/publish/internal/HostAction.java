package dev.greenroom.scaffolder.publish.internal;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.ActionException;
import dev.greenroom.scaffolder.action.ActionExample;
import dev.greenroom.scaffolder.action.SafePaths;
import dev.greenroom.scaffolder.action.TemplateAction;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The common part of the publishing actions: id, description, Backstage's schemas given as JSON
 * text, the input helpers and the rules every action follows (not dry-run safe; credentials only
 * to the integration's own hosts).
 */
public abstract class HostAction implements TemplateAction {
  private final String id;
  private final String description;
  private final JsonNode input;
  private final @Nullable JsonNode output;
  private final List<ActionExample> examples;
  protected final PublishSettings settings;

  protected HostAction(PublishSettings settings, String id, String description,
      String inputSchema, @Nullable String outputSchema, ActionExample... examples) {
    this.settings = settings;
    this.id = id;
    this.description = description;
    this.input = dev.greenroom.scaffolder.action.Actions.closedInput(Json.parse(inputSchema));
    this.output = outputSchema == null ? null : Json.parse(outputSchema);
    this.examples = List.of(examples);
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final List<ActionExample> examples() {
    return examples;
  }

  @Override
  public final JsonNode inputSchema() {
    return input.deepCopy();
  }

  @Override
  public final @Nullable JsonNode outputSchema() {
    return output == null ? null : output.deepCopy();
  }

  /** Publishing reaches outside the workspace: dry runs skip it, as Backstage's do (Gerrit overrides). */
  @Override
  public boolean supportsDryRun() {
    return false;
  }

  /** A string input, or null when absent (non-strings as their JSON text). */
  protected static @Nullable String text(ActionContext ctx, String field) {
    JsonNode n = ctx.input().get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    return n.isString() ? n.stringValue() : n.toString();
  }

  /** A string input, or {@code dflt} when absent or empty. */
  protected static String text(ActionContext ctx, String field, String dflt) {
    String v = text(ctx, field);
    return v == null || v.isEmpty() ? dflt : v;
  }

  /** A required string input. */
  protected final String required(ActionContext ctx, String field) {
    String v = text(ctx, field);
    if (v == null || v.isEmpty()) {
      throw new ActionException(id + ": input " + field + " is required");
    }
    return v;
  }

  /** A boolean input, {@code dflt} when absent. */
  protected static boolean flag(ActionContext ctx, String field, boolean dflt) {
    JsonNode n = ctx.input().get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    return n.isBoolean() ? n.booleanValue() : n.isString() && "true".equals(n.stringValue());
  }

  /** A list of strings input (empty when absent). */
  protected static List<String> strings(ActionContext ctx, String field) {
    List<String> out = new ArrayList<>();
    JsonNode n = ctx.input().get(field);
    if (n != null && n.isArray()) {
      for (JsonNode c : n) {
        out.add(c.isString() ? c.stringValue() : c.toString());
      }
    }
    return out;
  }

  /** The folder to publish: {@code sourcePath} inside the workspace, or the workspace. */
  protected final Path sourceDir(ActionContext ctx) {
    String source = text(ctx, "sourcePath");
    return SafePaths.resolve(ctx.workspace(), source == null || source.isEmpty() ? "." : source,
        "sourcePath");
  }

  /** Refuses {@code signCommit}: Greenroom has no commit signing key to sign with. */
  protected final void refuseSigning(ActionContext ctx) {
    if (flag(ctx, "signCommit", false)) {
      throw new ActionException(id + ": Signing commits is enabled but no signing key is"
          + " provided in the configuration");
    }
  }

  /**
   * Checks that a URL the host answered with (a clone URL) points at one of the integration's own
   * hosts before credentials are sent to it, and returns it without any user part.
   *
   * @param hosts the integration's {@code host[:port]}s (web and API)
   */
  protected final String ownRemote(String url, String... hosts) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ActionException(id + ": the host answered a clone URL that is not a URL: " + url);
    }
    String authority = u.getRawAuthority() == null ? "" : u.getRawAuthority();
    String hostPort = authority.substring(authority.indexOf('@') + 1).toLowerCase(Locale.ROOT);
    for (String h : hosts) {
      if (h.toLowerCase(Locale.ROOT).equals(hostPort)) {
        return u.getScheme() + "://" + hostPort + (u.getRawPath() == null ? "" : u.getRawPath());
      }
    }
    throw new ActionException(id + ": the host answered clone URL " + url + ", which is not on "
        + String.join(" or ", hosts) + "; refusing to send the integration's credentials there");
  }

  /** {@code host[:port]} of a URL. */
  protected static String hostOf(String url) {
    URI u = URI.create(url);
    return u.getPort() > 0 ? u.getHost() + ":" + u.getPort() : u.getHost();
  }

  /** A path segment, percent-encoded. */
  protected static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code Basic base64(user:password)}. */
  protected static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON string node. */
  protected static JsonNode str(String s) {
    return Json.nodes().stringNode(s);
  }
}
