package dev.greenroom.examples;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A custom {@link EntityProvider}: Components from a CSV export (a spreadsheet some organisations
 * keep their services in), one per line: {@code name,type,lifecycle,owner[,system]}, with a header
 * line. Each {@link #refresh()} re-reads the file and applies a full mutation, so a line removed
 * from the sheet removes its entity from the catalog.
 *
 * <p>Entities carry the location annotations every provider must set; here {@code csv:<path>}.
 * A bad line fails the refresh with its line number, and nothing is applied. Thread-safe: {@link
 * #refresh()} may be called from any scheduler of the host.
 */
public final class CsvEntityProvider implements EntityProvider {
  /** Largest CSV file read. */
  public static final long MAX_BYTES = 10L * 1024 * 1024;

  private final Path csv;
  private volatile EntityProviderConnection connection;

  /** A provider over one CSV file. */
  public CsvEntityProvider(Path csv) {
    this.csv = csv.toAbsolutePath().normalize();
  }

  @Override
  public String name() {
    return "csv-provider:" + csv.getFileName();
  }

  @Override
  public void connect(EntityProviderConnection connection) {
    this.connection = connection;
    refresh();
  }

  /**
   * Re-reads the file and replaces this provider's entities with what it lists.
   *
   * @return how many entities the file lists
   * @throws IllegalStateException before the engine has connected the provider
   * @throws IllegalArgumentException on a malformed line, naming it
   */
  public int refresh() {
    EntityProviderConnection c = connection;
    if (c == null) {
      throw new IllegalStateException(name() + " is not connected to an engine yet");
    }
    List<DeferredEntity> entities = read();
    c.applyMutation(EntityMutation.full(entities));
    return entities.size();
  }

  List<DeferredEntity> read() {
    List<String> lines;
    try {
      if (Files.size(csv) > MAX_BYTES) {
        throw new IllegalArgumentException(csv + " is larger than " + MAX_BYTES + " bytes");
      }
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + csv, e);
    }
    String location = "csv:" + csv;
    List<DeferredEntity> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) { // line 1 is the header
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length < 4 || f.length > 5) {
        throw new IllegalArgumentException(csv + " line " + (i + 1)
            + ": expected name,type,lifecycle,owner[,system], got " + f.length + " fields");
      }
      ObjectNode json = Json.object();
      json.put("apiVersion", "backstage.io/v1alpha1");
      json.put("kind", "Component");
      ObjectNode meta = json.putObject("metadata");
      meta.put("name", f[0].strip());
      ObjectNode ann = meta.putObject("annotations");
      ann.put("backstage.io/managed-by-location", location);
      ann.put("backstage.io/managed-by-origin-location", location);
      ObjectNode spec = json.putObject("spec");
      spec.put("type", f[1].strip());
      spec.put("lifecycle", f[2].strip());
      spec.put("owner", f[3].strip());
      if (f.length == 5 && !f[4].isBlank()) {
        spec.put("system", f[4].strip());
      }
      out.add(new DeferredEntity(Entity.fromJson(json), location));
    }
    return out;
  }
}
