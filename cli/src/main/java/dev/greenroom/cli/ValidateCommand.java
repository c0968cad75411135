package dev.greenroom.cli;

import dev.greenroom.catalog.io.CatalogReadException;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.test.CatalogFileFinder;
import dev.greenroom.catalog.test.CatalogLoader;
import dev.greenroom.catalog.test.CheckedDocument;
import dev.greenroom.catalog.test.ProblemFormatter;
import dev.greenroom.catalog.validation.ValidationProblem;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code greenroom validate PATH...}: checks catalog files with Backstage's rules, one verdict per
 * YAML document. Files named on the command line are always checked; in folders and globs, only
 * files that look like catalog files (see {@link #isCatalogFile}) unless {@code --all}.
 *
 * <p>Exit status: 0 when every checked document is a valid entity, 1 when one is not (or a file
 * cannot be read), 2 on usage errors (no such path, a glob that matches nothing).
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Validates catalog files as Backstage's catalog does (envelope, policies, kind schemas,",
      "relation references), one verdict per YAML document.",
      "",
      "PATH is a file, a folder (searched recursively for .yaml/.yml, hidden folders and",
      "node_modules skipped) or a quoted glob such as 'services/**/catalog-info.yaml'.",
      "Files named directly are always checked. Files found in folders or by globs are checked",
      "when they are named catalog-info.yaml/.yml or hold a document whose apiVersion contains",
      "'backstage.io/' (a file that is not valid YAML: when its text mentions both); other YAML",
      "(CI workflows, Kubernetes, OpenAPI) is skipped unless --all.",
      "",
      "Exit status: 0 all valid, 1 something invalid or unreadable, 2 usage error."
    })
final class ValidateCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format { text, json }

  @Spec private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders or globs.")
  private List<String> paths = new ArrayList<>();

  @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text (default) or json: one JSON object per line per document.")
  private Format format = Format.text;

  @Option(names = "--all",
      description = "Check every YAML file found in folders and globs, not only catalog files.")
  private boolean all;

  @Option(names = {"-v", "--verbose"}, description = "Text format: list valid documents too.")
  private boolean verbose;

  @Option(names = "--threads", paramLabel = "N",
      description = "Files checked in parallel (default: the number of processors).")
  private int threads = Runtime.getRuntime().availableProcessors();

  /** One file's outcome: its documents, or skipped. */
  private record FileOutcome(Path file, List<CheckedDocument> documents, boolean skipped) {}

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    PrintWriter out = cl.getOut();
    if (threads < 1) {
      throw new CommandLine.ParameterException(cl, "--threads must be at least 1");
    }
    Map<Path, Boolean> files = new LinkedHashMap<>(); // file -> named directly
    for (String p : paths) {
      // a file that exists as written is named directly, even with glob characters in its path
      Path named = CatalogFileFinder.existing(Path.of(""), p);
      boolean direct = named != null && java.nio.file.Files.isRegularFile(named);
      List<Path> found;
      try {
        found = CatalogFileFinder.find(Path.of(""), List.of(p));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, e.getMessage());
      }
      for (Path f : found) {
        files.merge(f, direct, (a, b) -> a || b);
      }
    }
    CatalogLoader loader = CatalogLoader.create();
    int checkedFiles = 0;
    int skipped = 0;
    int documents = 0;
    int invalid = 0;
    ProblemFormatter fmt = new ProblemFormatter();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, files.size())),
        r -> {
          Thread t = new Thread(r, "greenroom-validate");
          t.setDaemon(true);
          return t;
        });
    try (Progress progress = Progress.forTerminal(files.size(), "files")) {
      List<Future<FileOutcome>> futures = new ArrayList<>(files.size());
      files.forEach((file, direct) -> futures.add(pool.submit(() -> {
        try {
          return check(loader, file, direct || all);
        } finally {
          progress.step();
        }
      })));
      for (Future<FileOutcome> f : futures) {
        FileOutcome o = join(f);
        if (o.skipped()) {
          skipped++;
          continue;
        }
        checkedFiles++;
        for (CheckedDocument d : o.documents()) {
          documents++;
          if (!d.valid()) {
            invalid++;
          }
          if (format == Format.json) {
            String line = Json.write(toJson(d));
            progress.above(() -> {
              out.println(line);
              out.flush();
            });
          } else if (!d.valid() || verbose) {
            progress.above(() -> {
              printText(out, fmt, d);
              out.flush();
            });
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    String summary = summary(checkedFiles, documents, invalid, skipped);
    if (format == Format.json) {
      cl.getErr().println(summary);
    } else {
      out.println((invalid == 0 ? "" : "\n") + summary);
    }
    out.flush();
    return invalid == 0 ? 0 : 1;
  }

  private static FileOutcome join(Future<FileOutcome> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static FileOutcome check(CatalogLoader loader, Path file, boolean always) {
    if (always) {
      return new FileOutcome(file, loader.check(file), false);
    }
    List<RawDocument> docs;
    try {
      docs = loader.read(file);
    } catch (CatalogReadException | UncheckedIOException e) {
      // unreadable YAML is reported when it is named or written like a catalog file
      return isCatalogFileName(file) || mentionsBackstage(file)
          ? new FileOutcome(file, loader.check(file), false)
          : new FileOutcome(file, List.of(), true);
    }
    if (!isCatalogFile(file, docs)) {
      return new FileOutcome(file, List.of(), true);
    }
    return new FileOutcome(file, loader.check(file, docs), false);
  }

  private static boolean isCatalogFileName(Path file) {
    String n = file.getFileName().toString();
    return n.equals("catalog-info.yaml") || n.equals("catalog-info.yml");
  }

  private static boolean mentionsBackstage(Path file) {
    try {
      if (java.nio.file.Files.size(file) > EntityYamlReader.DEFAULT_MAX_FILE_BYTES) {
        return true; // too large to read: report it
      }
      String text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
      return text.contains("apiVersion") && text.contains("backstage.io/");
    } catch (java.io.IOException | RuntimeException e) {
      return true; // cannot be read at all: report it
    }
  }

  /**
   * Whether a file found in a folder or by a glob is a catalog file: it is named {@code
   * catalog-info.yaml} (or {@code .yml}), or one of its documents is a mapping whose {@code
   * apiVersion} contains {@code backstage.io/} (every built-in kind, the scaffolder's Template,
   * and most custom kinds). Kubernetes manifests, CI workflows, OpenAPI and mkdocs files are not.
   */
  static boolean isCatalogFile(Path file, List<RawDocument> docs) {
    if (isCatalogFileName(file)) {
      return true;
    }
    for (RawDocument d : docs) {
      JsonNode v = d.root().path("apiVersion");
      if (v.isString() && v.stringValue().contains("backstage.io/")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The JSON line of one document; field order is part of the format: {@code file}, {@code
   * document}, {@code line}, {@code ref}, {@code valid}, {@code errors} (each {@code field},
   * {@code message}, {@code line}, {@code rule}, {@code backstage}).
   */
  static ObjectNode toJson(CheckedDocument d) {
    ObjectNode o = Json.object();
    o.put("file", d.file().toString().replace('\\', '/'));
    o.put("document", d.document());
    o.put("line", d.line());
    putNullable(o, "ref", d.ref());
    o.put("valid", d.valid());
    ArrayNode errors = o.putArray("errors");
    for (ValidationProblem p : d.problems()) {
      ObjectNode e = errors.addObject();
      e.put("field", p.field());
      e.put("message", p.message());
      if (p.line() == null) {
        e.putNull("line");
      } else {
        e.put("line", p.line().intValue());
      }
      e.put("rule", p.rule());
      e.put("backstage", p.backstageMessage());
    }
    return o;
  }

  private static void putNullable(ObjectNode o, String name, @Nullable String value) {
    if (value == null) {
      o.putNull(name);
    } else {
      o.put(name, value);
    }
  }

  private void printText(PrintWriter out, ProblemFormatter fmt, CheckedDocument d) {
    if (d.valid()) {
      if (verbose) {
        out.println("ok      " + d.file() + ":" + d.line() + " (document " + (d.document() + 1)
            + ", " + d.ref() + ")");
      }
      return;
    }
    for (ValidationProblem p : d.problems()) {
      out.println("INVALID " + fmt.format(d, p).replace("\n", "\n        "));
    }
  }

  static String summary(int files, int documents, int invalid, int skipped) {
    StringBuilder sb = new StringBuilder();
    sb.append(documents).append(documents == 1 ? " document" : " documents").append(" in ")
        .append(files).append(files == 1 ? " file" : " files").append(": ")
        .append(documents - invalid).append(" valid, ").append(invalid).append(" invalid");
    if (skipped > 0) {
      sb.append("; ").append(skipped).append(skipped == 1 ? " YAML file" : " YAML files")
          .append(" skipped (no Backstage entity; --all checks them too)");
    }
    return sb.toString();
  }
}
