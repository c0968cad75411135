package dev.greenroom.examples;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.ProcessorContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A custom {@link CatalogProcessor}: entities read from a file that leave {@code spec.owner} out
 * get the owner GitHub's {@code CODEOWNERS} file names for that file, so teams keep ownership in
 * one place. It runs in {@link #preProcess}, before validation, so a Component without an owner
 * becomes valid and gets its {@code ownedBy} relation like any other.
 *
 * <p>How it decides: from the folder of the entity's file upwards (at most {@link #MAX_LEVELS}
 * folders), the first of {@code CODEOWNERS}, {@code .github/CODEOWNERS}, {@code docs/CODEOWNERS}
 * found is used; its folder (the parent of {@code .github}/{@code docs}) is the repository root.
 * As in GitHub, the last rule whose pattern matches the file's path from that root wins. Its first
 * owner becomes the owner: {@code @org/team} the Group {@code team}, {@code @user} the User
 * {@code user}; e-mail owners are skipped. The processor also records where the owner came from
 * in the annotation {@value #SOURCE_ANNOTATION}.
 *
 * <p>Register it explicitly ({@code CatalogEngine.builder().processor(new CodeownersProcessor())})
 * or let discovery find it ({@code .discoverProcessors()}): this jar lists it in {@code
 * META-INF/services/dev.greenroom.catalog.processing.CatalogProcessor}, which is why it has a public
 * no-argument constructor. It is thread-safe (no state).
 */
public final class CodeownersProcessor implements CatalogProcessor {
  /** The annotation naming the CODEOWNERS file and line an owner came from. */
  public static final String SOURCE_ANNOTATION = "greenroom.dev/owner-source";
  /** How many folders up from an entity's file CODEOWNERS is looked for. */
  public static final int MAX_LEVELS = 20;
  /** Largest CODEOWNERS file read (GitHub's own limit is 3 MB). */
  public static final long MAX_BYTES = 3L * 1024 * 1024;

  private static final Set<String> OWNED_KINDS = Set.of("component", "api", "resource", "system",
      "domain", "template");

  /** For discovery ({@link java.util.ServiceLoader}) and explicit registration alike. */
  public CodeownersProcessor() {}

  @Override
  public String name() {
    return "CodeownersProcessor";
  }

  @Override
  public Entity preProcess(Entity entity, ProcessorContext context) throws IOException {
    if (!OWNED_KINDS.contains(entity.kind().toLowerCase(Locale.ROOT))
        || !"file".equals(context.location().type())
        || entity.spec().path("owner").isString()) {
      return entity; // not mine: wrong kind, not from a file, or the owner is written down
    }
    Path file = Path.of(context.location().target()).toAbsolutePath().normalize();
    Found found = find(file);
    if (found == null) {
      return entity;
    }
    String relative = found.root().relativize(file).toString().replace('\\', '/');
    Rule rule = null;
    for (Rule r : parse(found.file())) {
      if (r.matches(relative)) {
        rule = r; // the last match wins
      }
    }
    String owner = rule == null ? null : rule.firstOwnerRef();
    if (owner == null) {
      return entity;
    }
    String source = found.root().relativize(found.file()).toString().replace('\\', '/') + ":"
        + rule.line();
    return entity.edit(json -> {
      ((ObjectNode) json.get("spec")).put("owner", owner);
      ObjectNode meta = (ObjectNode) json.get("metadata");
      JsonNode ann = meta.get("annotations");
      ObjectNode a = ann instanceof ObjectNode o ? o : meta.putObject("annotations");
      a.put(SOURCE_ANNOTATION, source);
    });
  }

  /** A CODEOWNERS file and the repository root its patterns are relative to. */
  record Found(Path file, Path root) {}

  static Found find(Path entityFile) {
    Path dir = entityFile.getParent();
    for (int i = 0; dir != null && i < MAX_LEVELS; i++, dir = dir.getParent()) {
      for (String candidate : List.of("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS")) {
        Path f = dir.resolve(candidate);
        if (Files.isRegularFile(f)) {
          return new Found(f, dir);
        }
      }
    }
    return null;
  }

  /**
   * One CODEOWNERS line: a pattern and its owners.
   *
   * @param line the 1-based line number
   */
  record Rule(Pattern pattern, List<String> owners, int line) {
    boolean matches(String path) {
      return pattern.matcher(path).matches();
    }

    /** The first owner as an entity ref, or null when no owner is a user or team handle. */
    String firstOwnerRef() {
      for (String o : owners) {
        if (!o.startsWith("@")) {
          continue; // an e-mail address: no entity to point at
        }
        String handle = o.substring(1).toLowerCase(Locale.ROOT);
        int slash = handle.indexOf('/');
        return slash >= 0 ? "group:default/" + handle.substring(slash + 1) : "user:default/" + handle;
      }
      return null;
    }
  }

  static List<Rule> parse(Path codeowners) throws IOException {
    if (Files.size(codeowners) > MAX_BYTES) {
      throw new IOException(codeowners + " is larger than " + MAX_BYTES + " bytes");
    }
    List<Rule> rules = new ArrayList<>();
    List<String> lines = Files.readAllLines(codeowners, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+");
      List<String> owners = new ArrayList<>();
      for (int j = 1; j < parts.length && !parts[j].startsWith("#"); j++) {
        owners.add(parts[j]);
      }
      rules.add(new Rule(toRegex(parts[0]), owners, i + 1));
    }
    return rules;
  }

  /**
   * GitHub's gitignore-style patterns: {@code *} within a name, {@code **} across folders, a
   * leading {@code /} anchors at the root (otherwise the pattern matches at any depth when it has
   * no inner slash), a trailing {@code /} or a folder name matches everything below.
   */
  static Pattern toRegex(String glob) {
    String g = glob;
    boolean anchored = g.startsWith("/") || g.substring(0, Math.max(0, g.length() - 1)).contains("/");
    if (g.startsWith("/")) {
      g = g.substring(1);
    }
    if (g.endsWith("/")) {
      g = g + "**";
    }
    StringBuilder re = new StringBuilder(anchored ? "" : "(?:.*/)?");
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*') {
        if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
            i++;
            re.append("(?:.*/)?"); // "**/": any folders, or none
          } else {
            re.append(".*");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    if (!g.endsWith("/*")) {
      re.append("(?:/.*)?"); // a folder name matches what is inside it; "docs/*" only one level
    }
    return Pattern.compile(re.toString());
  }
}
