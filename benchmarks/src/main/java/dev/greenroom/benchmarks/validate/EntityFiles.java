package dev.greenroom.benchmarks.validate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes {@code N} catalog files of one entity each, the shape of a large organisation's
 * repositories: 60% Components, 15% APIs, 10% Resources, 5% Systems, 5% Groups, 5% Users, with
 * owners, systems, dependencies, tags, links and annotations; one document in fifty is invalid in
 * one of five ways Backstage reports (missing owner, bad name, bad tag, wrong type, unknown kind).
 * Deterministic for a seed. Files go to {@code DIR/<kind>/<nnnnn>-<name>.yaml}, a hundred per
 * folder.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.greenroom.benchmarks.validate.EntityFiles 10000 /tmp/entity-files [SEED]}.
 */
public final class EntityFiles {
  private EntityFiles() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: EntityFiles N DIR [SEED]");
      System.exit(2);
    }
    int n = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
    int invalid = write(n, dir, seed);
    System.out.println("wrote " + n + " files to " + dir + " (" + invalid + " invalid documents)");
  }

  /** Writes the files; returns how many documents are invalid on purpose. */
  public static int write(int n, Path dir, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    int groups = Math.max(2, n / 20);
    int systems = Math.max(1, n / 20);
    int invalid = 0;
    for (int i = 0; i < n; i++) {
      double r = rnd.nextDouble();
      String kind = r < 0.60 ? "Component" : r < 0.75 ? "API" : r < 0.85 ? "Resource"
          : r < 0.90 ? "System" : r < 0.95 ? "Group" : "User";
      String name = kind.toLowerCase() + "-" + i;
      StringBuilder y = new StringBuilder();
      int broken = rnd.nextInt(50) == 0 ? 1 + rnd.nextInt(5) : 0;
      if (broken == 4 && !kind.equals("Component")) {
        broken = 1; // a wrong type is drawn for Components only; the others lose their owner
      }
      if (broken > 0) {
        invalid++;
      }
      y.append("apiVersion: backstage.io/v1alpha1\n");
      y.append("kind: ").append(broken == 5 ? "Widget" : kind).append('\n');
      y.append("metadata:\n  name: ").append(broken == 2 ? "Bad Name " + i : name).append('\n');
      y.append("  description: Generated ").append(kind).append(" number ").append(i).append('\n');
      y.append("  annotations:\n    github.com/project-slug: acme/").append(name).append('\n');
      y.append("    backstage.io/techdocs-ref: dir:.\n");
      y.append("  tags:\n    - ").append(broken == 3 ? "Not_A_Tag" : "java").append("\n    - team-")
          .append(rnd.nextInt(groups)).append('\n');
      y.append("  links:\n    - url: https://example.com/").append(name).append("\n      title: Dashboard\n");
      y.append("spec:\n");
      String owner = "group:default/group-" + rnd.nextInt(groups);
      switch (kind) {
        case "Component" -> {
          y.append("  type: ").append(broken == 4 ? "42" : "service").append('\n');
          y.append("  lifecycle: production\n");
          if (broken != 1) {
            y.append("  owner: ").append(owner).append('\n');
          }
          y.append("  system: system-").append(rnd.nextInt(systems)).append('\n');
          y.append("  providesApis: [api-").append(rnd.nextInt(n)).append("]\n");
          y.append("  consumesApis: [api-").append(rnd.nextInt(n)).append(", api-")
              .append(rnd.nextInt(n)).append("]\n");
          y.append("  dependsOn:\n    - resource:default/resource-").append(rnd.nextInt(n))
              .append("\n    - component:default/component-").append(rnd.nextInt(n)).append('\n');
        }
        case "API" -> {
          y.append("  type: openapi\n  lifecycle: production\n");
          if (broken != 1) {
            y.append("  owner: ").append(owner).append('\n');
          }
          y.append("  system: system-").append(rnd.nextInt(systems)).append('\n');
          y.append("  definition: |\n    openapi: 3.0.0\n    info:\n      title: ").append(name)
              .append("\n      version: 1.0.0\n    paths: {}\n");
        }
        case "Resource" -> {
          y.append("  type: database\n");
          if (broken != 1) {
            y.append("  owner: ").append(owner).append('\n');
          }
          y.append("  system: system-").append(rnd.nextInt(systems)).append('\n');
        }
        case "System" -> {
          if (broken != 1) {
            y.append("  owner: ").append(owner).append('\n');
          }
          y.append("  domain: domain-").append(rnd.nextInt(10)).append('\n');
        }
        case "Group" -> {
          y.append("  type: ").append(broken == 1 ? "7" : "team")
              .append("\n  profile:\n    displayName: Team ").append(i).append('\n');
          y.append("  parent: group-").append(rnd.nextInt(groups)).append('\n');
          y.append("  children: []\n");
        }
        default -> {
          y.append("  profile:\n    email: ").append(name).append("@example.com\n");
          y.append("  memberOf: ").append(broken == 1 ? "7" : "[group-" + rnd.nextInt(groups) + "]")
              .append('\n');
        }
      }
      Path file = dir.resolve(kind.toLowerCase()).resolve(String.format("%03d", i / 100))
          .resolve(String.format("%05d-%s.yaml", i, name));
      Files.createDirectories(file.getParent());
      Files.writeString(file, y, StandardCharsets.UTF_8);
    }
    return invalid;
  }
}
