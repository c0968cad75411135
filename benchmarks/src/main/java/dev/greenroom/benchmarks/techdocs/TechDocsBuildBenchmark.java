package dev.greenroom.benchmarks.techdocs;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.techdocs.TechDocs;
import dev.greenroom.techdocs.build.GeneratedSite;
import dev.greenroom.techdocs.build.SiteCheck;
import dev.greenroom.techdocs.build.SiteGenerator;
import dev.greenroom.techdocs.source.SourceFiles;
import dev.greenroom.techdocs.source.SourceLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Build time of a generated docs site, end to end, in milliseconds (median of several runs after
 * warm-up runs, in one JVM).
 *
 * <ul>
 *   <li>{@code generate}: load the source folder into memory and generate the site (render every
 *       page, nav, metadata, search index), nothing written;
 *   <li>{@code sync}: {@link TechDocs#sync} with an edited page each run, so every run rebuilds:
 *       load, generate, publish to a local folder (write + swap), index in Lucene;
 *   <li>{@code check}: {@link TechDocs#sync} with an unchanged source: load and hash only (the
 *       etag check every sync pays).
 * </ul>
 *
 * <p>Usage: {@code TechDocsBuildBenchmark [pages=200] [warmups=3] [runs=9] [workDir]}. The site has
 * {@code pages} pages in sections of 10 with a nested nav; each page has headings, a table, fenced
 * code, an admonition and links to other pages (about 2 KB of Markdown per page).
 */
public final class TechDocsBuildBenchmark {
  private TechDocsBuildBenchmark() {}

  public static void main(String[] args) throws IOException {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 9;
    Path work = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("techdocs-bench");
    Path repo = work.resolve("repo");
    writeSite(repo, pages);
    System.out.printf(Locale.ROOT, "site: %d pages, %d source files, %,d bytes of Markdown%n",
        pages, count(repo), markdownBytes(repo));

    SourceLoader loader = new SourceLoader(null, 100_000, 1L << 30);
    SiteGenerator generator = new SiteGenerator();
    GeneratedSite[] last = new GeneratedSite[1];
    List<Double> gen = measure(warmups, runs, i -> {
      SourceFiles src = loader.loadDir(repo, "dir:" + repo);
      last[0] = generator.generate(src, "bench", System.currentTimeMillis(), line -> {});
    });
    GeneratedSite site = last[0];
    List<SiteCheck.Problem> problems = SiteCheck.check(site.files());
    System.out.printf(Locale.ROOT, "output: %d files, %,d bytes, %d search entries, %d site-check problems%n",
        site.files().size(), site.files().values().stream().mapToLong(b -> b.length).sum(), site.search().size(),
        problems.size());
    if (!problems.isEmpty()) {
      throw new IllegalStateException("generated site has problems: " + problems.subList(0, Math.min(5, problems.size())));
    }

    Entity entity = Entity.fromJson("""
        {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"bench","namespace":"default",
         "annotations":{"backstage.io/techdocs-ref":"dir:.","backstage.io/managed-by-location":"file:%s"}},
         "spec":{"type":"service","lifecycle":"production","owner":"team"}}
        """.formatted(repo.resolve("catalog-info.yaml").toString().replace("\\", "\\\\")));
    List<Double> sync;
    List<Double> check;
    try (TechDocs docs = TechDocs.builder().publishDirectory(work.resolve("published")).checkInterval(Duration.ZERO).build()) {
      Path edited = repo.resolve("docs/section-00/page-000.md");
      String original = Files.readString(edited);
      sync = measure(warmups, runs, i -> {
        Files.writeString(edited, original + "\nEdit " + System.nanoTime() + "\n");
        if (!docs.sync(entity).updated()) {
          throw new IllegalStateException("expected a rebuild");
        }
      });
      check = measure(warmups, runs, i -> {
        if (docs.sync(entity).updated()) {
          throw new IllegalStateException("expected no rebuild");
        }
      });
      System.out.printf(Locale.ROOT, "search 'admonition': %d hits%n", docs.search("admonition", 100).size());
    }
    report("generate (load + render, in memory)", gen);
    report("sync with a changed page (load + generate + publish + index)", sync);
    report("sync with no change (load + etag check)", check);
    System.out.printf(Locale.ROOT, "java %s, %d cores%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
  }

  interface Run {
    void run(int i) throws IOException;
  }

  static List<Double> measure(int warmups, int runs, Run r) throws IOException {
    for (int i = 0; i < warmups; i++) {
      r.run(i);
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      r.run(i);
      ms.add((System.nanoTime() - t) / 1e6);
    }
    return ms;
  }

  static void report(String what, List<Double> ms) {
    List<Double> s = new ArrayList<>(ms);
    Collections.sort(s);
    double median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    System.out.printf(Locale.ROOT, "%-62s median %8.1f ms  min %8.1f  max %8.1f  (%d runs)%n",
        what, median, s.get(0), s.get(s.size() - 1), s.size());
  }

  /** Writes a site of {@code pages} pages in sections of ten, with a nested nav. */
  static void writeSite(Path repo, int pages) throws IOException {
    Random rnd = new Random(42);
    String[] words = ("service catalog docs build search index page section table code admonition link "
        + "deploy cluster owner team lifecycle entity relation plugin backend frontend api schema token").split(" ");
    Files.createDirectories(repo.resolve("docs"));
    Files.writeString(repo.resolve("catalog-info.yaml"), "# benchmark\n");
    StringBuilder nav = new StringBuilder("nav:\n  - Home: index.md\n");
    Files.writeString(repo.resolve("docs/index.md"), "# Benchmark docs\n\nThe generated site.\n");
    for (int p = 0; p < pages - 1; p++) {
      int section = p / 10;
      String dir = String.format(Locale.ROOT, "section-%02d", section);
      String file = String.format(Locale.ROOT, "page-%03d.md", p);
      if (p % 10 == 0) {
        nav.append("  - Section ").append(section).append(":\n");
      }
      nav.append("      - Page ").append(p).append(": ").append(dir).append('/').append(file).append('\n');
      StringBuilder md = new StringBuilder("# Page ").append(p).append("\n\n");
      for (int h = 0; h < 4; h++) {
        md.append("## Topic ").append(h).append("\n\n");
        for (int l = 0; l < 5; l++) {
          for (int w = 0; w < 12; w++) {
            md.append(words[rnd.nextInt(words.length)]).append(' ');
          }
          md.append('\n');
        }
        md.append('\n');
      }
      int other = rnd.nextInt(pages - 1);
      md.append("See [page ").append(other).append("](../")
          .append(String.format(Locale.ROOT, "section-%02d/page-%03d.md", other / 10, other))
          .append("#topic-1) and [home](../index.md).\n\n");
      md.append("| key | value |\n| --- | --- |\n| a | 1 |\n| b | 2 |\n\n");
      md.append("```java\nclass Page").append(p).append(" { int x = ").append(p).append("; }\n```\n\n");
      md.append("!!! note \"Remember\"\n    An admonition with **bold** text.\n\n");
      Files.createDirectories(repo.resolve("docs").resolve(dir));
      Files.writeString(repo.resolve("docs").resolve(dir).resolve(file), md.toString());
    }
    Files.writeString(repo.resolve("mkdocs.yml"),
        "site_name: Benchmark\nsite_description: A generated site\nplugins:\n  - techdocs-core\n" + nav);
  }

  static long count(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  static long markdownBytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      long sum = 0;
      for (Path p : s.filter(f -> f.toString().endsWith(".md")).toList()) {
        sum += Files.size(p);
      }
      return sum;
    }
  }
}
