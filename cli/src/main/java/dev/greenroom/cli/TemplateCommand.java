package dev.greenroom.cli;

import dev.greenroom.catalog.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code greenroom template diff|upgrade|fleet}: template upgrades through a running server's
 * {@code /api/scaffolder/v2/upgrades} routes. {@code diff ENTITY} prints the unified diff between
 * the entity's repository and its template's current version rendered with the recorded values;
 * {@code upgrade ENTITY} pushes the three-way upgrade to a branch (and a pull request where the
 * server can open one); {@code fleet TEMPLATE} lists the entities made from a template with their
 * versions. Exit status 0 on success, 1 when the server refuses (its message is printed).
 */
@Command(name = "template", description = "Template upgrades: diff, upgrade, fleet.",
    mixinStandardHelpOptions = true,
    subcommands = {TemplateCommand.Diff.class, TemplateCommand.Upgrade.class,
        TemplateCommand.Fleet.class})
final class TemplateCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "Missing required subcommand: diff, upgrade or fleet");
  }

  /** The server options every subcommand takes. */
  abstract static class ServerCall implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", required = true,
        description = "Base URL of a running Greenroom backend, e.g. http://localhost:7007.")
    String server = "";

    @Option(names = "--token", paramLabel = "TOKEN",
        description = "Bearer token (default: environment GREENROOM_TOKEN).")
    @Nullable String token;

    /** Sends the request; returns the JSON answer, or prints the server's error and returns null. */
    @Nullable JsonNode send(String method, String path, @Nullable JsonNode body) {
      String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
      URI uri = URI.create(base + "/api/scaffolder" + path);
      HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
          .header("Accept", "application/json");
      if (body == null) {
        req.GET();
      } else {
        req.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
      }
      String t = token != null ? token : System.getenv("GREENROOM_TOKEN");
      if (t != null && !t.isEmpty()) {
        req.header("Authorization", "Bearer " + t);
      }
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> resp;
      try {
        resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("Cannot reach " + uri, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      JsonNode answer;
      try {
        answer = Json.parse(resp.body());
      } catch (RuntimeException e) {
        answer = null;
      }
      if (resp.statusCode() / 100 != 2) {
        String message = answer == null ? resp.body()
            : answer.path("error").path("message").asString(resp.body());
        spec.commandLine().getErr().println(method + " " + uri + " answered "
            + resp.statusCode() + ": " + message);
        return null;
      }
      if (answer == null) {
        throw new java.io.UncheckedIOException(new IOException(uri + " did not answer JSON"));
      }
      return answer;
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    static ObjectNode entityBody(String ref) {
      ObjectNode b = Json.object();
      b.put("entityRef", ref);
      return b;
    }

    void printDiff(JsonNode d) {
      PrintWriter out = out();
      int n = d.path("files").size();
      out.println("# " + d.path("entityRef").asString(d.path("repository").path("url").asString(""))
          + ": " + d.path("templateRef").asString() + " "
          + d.path("oldVersion").asString("(no recorded version)") + " -> "
          + d.path("newVersion").asString() + ", " + n + (n == 1 ? " file" : " files"));
      for (JsonNode f : d.path("files")) {
        String status = f.path("status").asString();
        if (!f.path("note").isMissingNode()) {
          out.println("# " + f.path("path").asString() + ": " + status + " ("
              + f.path("note").asString() + ")");
        }
        out.print(f.path("diff").asString());
      }
      out.flush();
    }
  }

  /** {@code template diff ENTITY}. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Show how the entity's repository differs from its template's current version.")
  static final class Diff extends ServerCall {
    @Parameters(index = "0", paramLabel = "ENTITY", description = "e.g. component:default/orders")
    String ref = "";

    @Override
    public Integer call() {
      JsonNode d = send("POST", "/v2/upgrades/dry-run", entityBody(ref));
      if (d == null) {
        return 1;
      }
      printDiff(d);
      return 0;
    }
  }

  /** {@code template upgrade ENTITY}. */
  @Command(name = "upgrade", mixinStandardHelpOptions = true,
      description = "Push the upgrade to the template's current version to a branch (and open a"
          + " pull request where the server can).")
  static final class Upgrade extends ServerCall {
    @Parameters(index = "0", paramLabel = "ENTITY", description = "e.g. component:default/orders")
    String ref = "";

    @Override
    public Integer call() {
      JsonNode d = send("POST", "/v2/upgrades", entityBody(ref));
      if (d == null) {
        return 1;
      }
      printDiff(d);
      if (d.path("branch").isNull()) {
        out().println("Nothing to upgrade.");
      } else {
        out().println("Pushed " + d.path("branch").asString() + " (" + d.path("commit").asString()
            + ")" + (d.path("pullRequestUrl").isNull() ? ""
                : "; pull request " + d.path("pullRequestUrl").asString()));
        if (!d.path("conflicts").isEmpty()) {
          out().println("Conflicts to resolve: " + d.path("conflicts"));
        }
      }
      out().flush();
      return 0;
    }
  }

  /** {@code template fleet TEMPLATE}. */
  @Command(name = "fleet", mixinStandardHelpOptions = true,
      description = "List the entities made from a template with their recorded versions.")
  static final class Fleet extends ServerCall {
    @Parameters(index = "0", paramLabel = "TEMPLATE", description = "e.g. template:default/service")
    String ref = "";

    @Override
    public Integer call() {
      JsonNode f = send("GET", "/v2/upgrades?templateRef="
          + URLEncoder.encode(ref, StandardCharsets.UTF_8), null);
      if (f == null) {
        return 1;
      }
      out().println("# " + f.path("templateRef").asString() + " is at "
          + f.path("currentVersion").asString());
      for (JsonNode e : f.path("items")) {
        out().println(e.path("entityRef").asString() + "\t" + e.path("version").asString("-")
            + (e.path("outdated").asBoolean() ? "\toutdated" : "\tcurrent"));
      }
      out().flush();
      return 0;
    }
  }
}
