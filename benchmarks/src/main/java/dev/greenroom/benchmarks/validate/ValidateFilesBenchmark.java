package dev.greenroom.benchmarks.validate;

import dev.greenroom.catalog.io.CatalogReadException;
import dev.greenroom.catalog.io.EntityYamlReader;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;

/**
 * Reads and validates every YAML file of a folder in this process, the work {@code greenroom
 * validate} does per file (catalog-core's {@link EntityYamlReader} with line tracking, and {@link
 * EntityValidator} with Backstage's defaults), without the JVM start and the output. Several
 * rounds: the first is cold (class loading, JIT), the best of the rest is the warm figure.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.greenroom.benchmarks.validate.ValidateFilesBenchmark DIR [ROUNDS=5] [THREADS=1]}.
 */
public final class ValidateFilesBenchmark {
  private ValidateFilesBenchmark() {}

  /** One round's counts. */
  record Counts(int files, int documents, int invalid) {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ValidateFilesBenchmark DIR [ROUNDS] [THREADS]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted().toList();
    }
    EntityYamlReader reader = EntityYamlReader.create();
    EntityValidator validator = EntityValidator.create();
    ForkJoinPool pool = new ForkJoinPool(threads);
    List<Double> times = new ArrayList<>();
    Counts counts = null;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      counts = pool.submit(() -> run(files, reader, validator, threads > 1)).get();
      double ms = (System.nanoTime() - t0) / 1e6;
      times.add(ms);
      System.out.printf("round %d: %.0f ms (%d files, %d documents, %d invalid)%n", r + 1, ms,
          counts.files(), counts.documents(), counts.invalid());
    }
    pool.shutdown();
    double best = times.stream().skip(1).mapToDouble(Double::doubleValue).min()
        .orElse(times.get(0));
    System.out.printf("threads %d: cold %.0f ms, warm best %.0f ms = %.0f files/s%n", threads,
        times.get(0), best, files.size() / (best / 1000));
  }

  static Counts run(List<Path> files, EntityYamlReader reader, EntityValidator validator,
      boolean parallel) {
    Stream<Path> s = parallel ? files.parallelStream() : files.stream();
    int[] totals = s.map(f -> {
      try {
        List<ValidationResult> rs = validator.validateAll(reader.read(f));
        int bad = (int) rs.stream().filter(x -> !x.isValid()).count();
        return new int[] {rs.size(), bad};
      } catch (CatalogReadException e) {
        return new int[] {1, 1};
      }
    }).reduce(new int[] {0, 0}, (a, b) -> new int[] {a[0] + b[0], a[1] + b[1]});
    return new Counts(files.size(), totals[0], totals[1]);
  }

}
