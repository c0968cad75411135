package dev.greenroom.cli;

import dev.greenroom.cli.config.AppConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalog {@code serve} runs when no config is given: Backstage's example catalog, TechDocs'
 * documented component and create-app's example template (Apache-2.0, with their licence files), bundled in the jar under {@code sample-catalog/} and listed in its
 * {@code index.txt}, extracted to a folder at start.
 */
final class SampleCatalog {
  /** The kinds the sample's locations may provide: every kind the sample has. */
  static final String[] KINDS = {
      "Component", "API", "Resource", "System", "Domain", "Group", "User", "Location", "Template"};

  private SampleCatalog() {}

  /** Copies the bundled files into {@code target} (replacing earlier copies) and returns it. */
  static Path extract(Path target) throws IOException {
    String index;
    try (InputStream in = resource("index.txt")) {
      index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String line : index.split("\n")) {
      String name = line.strip();
      if (name.isEmpty()) {
        continue;
      }
      Path file = target.resolve(name).normalize();
      if (!file.startsWith(target.normalize())) {
        throw new IOException("bundled sample entry escapes its folder: " + name);
      }
      Files.createDirectories(file.getParent());
      try (InputStream in = resource(name)) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return target;
  }

  /**
   * The settings for the sample in {@code catalogDir}: Backstage's two root files, TechDocs'
   * documented component and create-app's example template as file locations, each allowed the sample's kinds, everything else Backstage's defaults.
   */
  static AppConfig config(Path catalogDir) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ArrayNode locations = root.putObject("catalog").putArray("locations");
    for (String file : new String[] {
        "all.yaml", "acme/org.yaml", "documented-component/catalog-info.yaml",
        "templates/create-app/template.yaml"}) {
      ObjectNode l = locations.addObject();
      l.put("type", "file");
      l.put("target", file);
      ArrayNode allow = l.putArray("rules").addObject().putArray("allow");
      for (String kind : KINDS) {
        allow.add(kind);
      }
    }
    return AppConfig.fromTree(root, catalogDir, "<bundled sample>", name -> null);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = SampleCatalog.class.getResourceAsStream("/sample-catalog/" + name);
    if (in == null) {
      throw new IOException("missing bundled resource sample-catalog/" + name);
    }
    return in;
  }
}
