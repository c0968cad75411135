package dev.greenroom.benchmarks;

import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.io.RawDocument;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.ValidationResult;
import dev.greenroom.testsupport.SyntheticCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Validation throughput on one thread, in entities per second.
 *
 * <ul>
 *   <li>{@code validate}: {@link EntityValidator#validate(JsonNode, String, int, Integer)} over the
 *       peer's synthetic catalog (10,000 entities, seed 42) as raw JSON trees, one entity per
 *       operation, cycling through the catalog; {@code fastPath=false} runs the same validator with
 *       the structural fast path switched off (every entity goes through the JSON schemas), for a
 *       before/after ratio in one run.
 *   <li>{@code readAndValidate}: the same 10,000 entities written (block style) as 100 YAML
 *       files of 100 documents each, read with {@link EntityYamlReader} and validated; one operation is one
 *       entity ({@code @OperationsPerInvocation}), so the score is entities per second end to end.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ValidationBenchmark {
  private static final int ENTITIES = 10_000;
  private static final int PER_FILE = 100;

  /** Whether the structural fast path is on (the default) or every entity runs the schemas. */
  @Param({"true", "false"})
  public boolean fastPath;

  private EntityValidator validator;
  private JsonNode[] trees;
  private int next;
  private EntityYamlReader reader;
  private Path dir;
  private List<Path> files;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    validator = validator(fastPath);
    trees = SyntheticCatalog.generate(ENTITIES, 42).toArray(new JsonNode[0]);
    for (JsonNode t : trees) {
      ValidationResult r = validator.validate(t, "synthetic", 0, null);
      if (!r.isValid()) {
        throw new IllegalStateException("synthetic entity invalid: " + r.problems());
      }
    }
    reader = EntityYamlReader.create();
    dir = Files.createTempDirectory("greenroom-validation-bench");
    files = new ArrayList<>();
    YAMLMapper yamlMapper = new YAMLMapper();
    for (int f = 0; f * PER_FILE < trees.length; f++) {
      StringBuilder yaml = new StringBuilder();
      for (int i = f * PER_FILE; i < Math.min(trees.length, (f + 1) * PER_FILE); i++) {
        yaml.append(yamlMapper.writeValueAsString(trees[i]));
      }
      Path file = dir.resolve(String.format("catalog-%03d.yaml", f));
      Files.writeString(file, yaml);
      files.add(file);
    }
  }

  private static EntityValidator validator(boolean fastPath) {
    return EntityValidator.builder().fastPath(fastPath).build();
  }

  /**
   * Entities per CPU-second of this thread, fast path on and off interleaved round by round:
   * {@code java -cp benchmarks.jar dev.greenroom.benchmarks.ValidationBenchmark [seconds] [rounds]
   * [folder]}. With a folder (such as {@code catalog-core/src/test/resources/corpus}), every YAML
   * document under it (valid or not) is validated instead of the synthetic catalog: the
   * corpus-like mix.
   * On a shared machine, JMH's wall-clock scores move with other processes' load; CPU time of the
   * measuring thread does much less, and interleaving exposes both modes to the same conditions.
   */
  public static void main(String[] args) throws IOException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    JsonNode[] trees =
        args.length > 2 ? documents(Path.of(args[2])) : SyntheticCatalog.generate(ENTITIES, 42).toArray(new JsonNode[0]);
    System.out.printf("%d documents%n", trees.length);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Boolean, List<Double>> scores = new LinkedHashMap<>();
    for (int round = 0; round <= rounds; round++) {
      for (boolean fast : new boolean[] {true, false}) {
        EntityValidator v = validator(fast);
        long budget = (long) (seconds * 1e9);
        long start = mx.getCurrentThreadCpuTime();
        long n = 0;
        while (mx.getCurrentThreadCpuTime() - start < budget) {
          for (int i = 0; i < trees.length; i++) {
            if (v.validate(trees[i], "synthetic", i, null) == null) {
              throw new AssertionError();
            }
          }
          n += trees.length;
        }
        double perCpuSecond = n / ((mx.getCurrentThreadCpuTime() - start) / 1e9);
        System.out.printf("round %d fastPath=%s: %.0f entities per CPU-second%n", round, fast,
            perCpuSecond);
        if (round > 0) { // round 0 is warm-up
          scores.computeIfAbsent(fast, k -> new ArrayList<>()).add(perCpuSecond);
        }
      }
    }
    scores.forEach((fast, list) -> System.out.printf("fastPath=%s: median %.0f entities per"
        + " CPU-second%n", fast, list.stream().sorted().toList().get(list.size() / 2)));
  }

  private static JsonNode[] documents(Path folder) throws IOException {
    EntityYamlReader reader = EntityYamlReader.create();
    List<JsonNode> docs = new ArrayList<>();
    try (Stream<Path> s = Files.walk(folder)) {
      for (Path f : s.filter(p -> p.toString().matches(".*\\.ya?ml")).sorted().toList()) {
        try {
          reader.read(f).forEach(d -> docs.add(d.root()));
        } catch (RuntimeException e) {
          // unreadable YAML is not a validation case
        }
      }
    }
    return docs.toArray(new JsonNode[0]);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** One synthetic entity (raw JSON tree) validated; score is entities/second. */
  @Benchmark
  public ValidationResult validate() {
    int i = next;
    next = i + 1 == trees.length ? 0 : i + 1;
    return validator.validate(trees[i], "synthetic", i, null);
  }

  /** All 10,000 entities read from YAML files and validated; score is entities/second. */
  @Benchmark
  @OperationsPerInvocation(ENTITIES)
  public void readAndValidate(Blackhole bh) {
    for (Path file : files) {
      for (RawDocument d : reader.read(file)) {
        bh.consume(validator.validate(d));
      }
    }
  }
}
