package dev.greenroom.cli;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.graph.CatalogGraph;
import dev.greenroom.catalog.graph.GraphWalk;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.store.WriteBatch;
import dev.greenroom.catalog.test.CatalogLoader;
import dev.greenroom.catalog.test.LoadedCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code greenroom graph REF}: the dependencies and dependents of one entity, from catalog files
 * ({@code --catalog}) or a running server ({@code --url}), as a text tree, DOT or Mermaid.
 *
 * <p>Files are read and validated as {@code greenroom validate} does (invalid documents are left
 * out, with a note on standard error) and related with the built-in kinds' relations; Location
 * entities are not followed, so name every folder the graph needs. From a server, the stitched
 * relations of {@code GET /api/catalog/entities} are used as they are.
 */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows what an entity depends on (dependsOn, consumesApi, apiProvidedBy) and what depends",
      "on it (dependencyOf, apiConsumedBy, providesApi), transitively.",
      "",
      "REF is an entity ref; the kind defaults to component and the namespace to default.",
      "Exit status: 0 drawn, 1 the entity is not in the catalog or the server failed, 2 usage error."
    })
final class GraphCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format { text, dot, mermaid }

  /** Which walks to draw. */
  enum Direction { both, dependencies, dependents }

  /** Where the catalog comes from. */
  static final class Source {
    @Option(names = "--catalog", paramLabel = "PATH", required = true,
        description = "Catalog files, folders or globs (repeatable).")
    List<String> catalog = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL", required = true,
        description = "Base URL of a running Greenroom or Backstage backend.")
    @Nullable String url;
  }

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF", description = "The entity, e.g. component:default/foo.")
  private String ref = "";

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Source source = new Source();

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "Bearer token for --url (default: environment GREENROOM_TOKEN).")
  private @Nullable String token;

  @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text (default), dot (Graphviz) or mermaid.")
  private Format format = Format.text;

  @Option(names = "--depth", defaultValue = "32", paramLabel = "N",
      description = "Farthest distance from REF to follow (default 32).")
  private int depth = CatalogGraph.DEFAULT_MAX_DEPTH;

  @Option(names = "--direction", defaultValue = "both", paramLabel = "WHICH",
      description = "both (default), dependencies or dependents.")
  private Direction direction = Direction.both;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    if (depth < 0) {
      throw new CommandLine.ParameterException(cl, "--depth must be 0 or more");
    }
    EntityRef root;
    try {
      root = EntityRef.parse(ref, "component", EntityRef.DEFAULT_NAMESPACE);
    } catch (InvalidEntityRefException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    try (Catalog catalog = Catalog.builder().cacheSize(0).build()) {
      WriteBatch batch = source.url != null ? fromServer(source.url) : fromFiles(cl, source.catalog);
      catalog.write(batch);
      if (catalog.entity(root).isEmpty()) {
        cl.getErr().println(cl.getColorScheme().errorText("No entity " + root + " in the catalog"));
        return 1;
      }
      CatalogGraph graph = CatalogGraph.over(catalog.store())
          .withLimits(depth, CatalogGraph.DEFAULT_MAX_NODES);
      GraphWalk deps = direction != Direction.dependents ? graph.dependencies(root) : null;
      GraphWalk dependents = direction != Direction.dependencies ? graph.dependents(root) : null;
      String out = switch (format) {
        case text -> GraphRenderer.text(root, deps, dependents);
        case dot -> GraphRenderer.dot(root, deps, dependents);
        case mermaid -> GraphRenderer.mermaid(root, deps, dependents);
      };
      cl.getOut().print(out);
      cl.getOut().flush();
      return 0;
    }
  }

  private static WriteBatch fromFiles(CommandLine cl, List<String> paths) {
    LoadedCatalog loaded;
    try {
      loaded = CatalogLoader.create().load(Path.of(""), paths);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    int invalid = loaded.invalidDocuments().size();
    if (invalid > 0) {
      cl.getErr().println(invalid + (invalid == 1 ? " invalid document" : " invalid documents")
          + " left out (greenroom validate shows why)");
    }
    WriteBatch batch = new WriteBatch();
    for (Entity e : loaded.entities()) {
      List<RelationEdge> edges = new ArrayList<>();
      e.relations().forEach(r -> edges.add(new RelationEdge(e.ref(), r.type(), r.targetRef())));
      batch.upsert(e.withRelations(List.of()), edges);
    }
    return batch;
  }

  /** Reads every entity's envelope and relations from {@code GET /api/catalog/entities}, streamed. */
  private WriteBatch fromServer(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    URI uri = URI.create(base + "/api/catalog/entities?fields=apiVersion,kind,metadata.name,"
        + "metadata.namespace,relations");
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET();
    String t = token != null ? token : System.getenv("GREENROOM_TOKEN");
    if (t != null && !t.isEmpty()) {
      req.header("Authorization", "Bearer " + t);
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    WriteBatch batch = new WriteBatch();
    try (InputStream in = resp.body()) {
      if (resp.statusCode() != 200) {
        String body = new String(in.readNBytes(500), java.nio.charset.StandardCharsets.UTF_8);
        throw new UncheckedIOException(new IOException(
            "GET " + uri + " answered " + resp.statusCode() + ": " + body));
      }
      try (JsonParser p = Json.mapper().createParser(in)) {
        if (p.nextToken() != JsonToken.START_ARRAY) {
          throw new UncheckedIOException(new IOException("GET " + uri + " did not answer an array"));
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          JsonNode n = p.readValueAsTree();
          ObjectNode envelope = ((ObjectNode) n).deepCopy();
          envelope.remove("relations");
          Entity e = Entity.fromJson(envelope);
          List<RelationEdge> edges = new ArrayList<>();
          for (JsonNode r : n.path("relations")) {
            String target = r.path("targetRef").asString("");
            if (!target.isEmpty()) {
              edges.add(new RelationEdge(e.ref(), r.path("type").asString(), EntityRef.parse(target)));
            }
          }
          batch.upsert(e, edges);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + uri, e);
    }
    return batch;
  }
}
