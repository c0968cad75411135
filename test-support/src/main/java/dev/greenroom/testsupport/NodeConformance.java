package dev.greenroom.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Backstage's own npm packages as the judge of a conformance test: a module's {@code
 * src/test/node} (its {@code package.json}, {@code package-lock.json} and a script) is copied to
 * {@code target/node-conformance} and installed with {@code npm ci --ignore-scripts}, again only
 * when the lock file changes; the test then runs the script with {@link #run} and compares its
 * output with Greenroom's. The calling test is skipped when node or npm is not on the PATH.
 *
 * <p>Beside the script goes {@value #HARNESS}, the harness the scripts share (this module's
 * resource {@code dev/greenroom/testsupport/harness.mjs}: the script's JSON argument, a silent
 * logger, what a URL reader reads, the full mutation of each entity provider, one JSON line out).
 * It imports no package, so every module's script can import it as {@code ./harness.mjs} whatever
 * Backstage packages its lock file pins, and no module reads another's test folder for it.
 */
public final class NodeConformance {
  private NodeConformance() {}

  /** The file name the shared harness is installed under, beside the script. */
  public static final String HARNESS = "harness.mjs";

  /** A finished process. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /**
   * Installs the current module's {@code src/test/node} with {@code script} (the module is the
   * folder in the system property {@code basedir}, else the working directory, which is the
   * module's under Surefire).
   *
   * @return the folder to run {@code script} in
   */
  public static Path install(String script) throws Exception {
    String basedir = System.getProperty("basedir");
    return install(basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath(), script);
  }

  /**
   * Installs {@code module}'s {@code src/test/node} (its {@code package.json}, {@code
   * package-lock.json} and {@code script}) into its {@code target/node-conformance}, or skips the
   * calling test when node or npm is missing; fails the test when {@code npm ci} fails.
   *
   * @return the folder to run {@code script} in
   */
  public static Path install(Path module, String script) throws Exception {
    return install(module.resolve("src/test/node"), module.resolve("target/node-conformance"),
        script);
  }

  /**
   * Installs the npm project in {@code source} (its {@code package.json}, {@code
   * package-lock.json} and {@code script}), with the shared {@value #HARNESS}, into {@code
   * nodeDir}: for a module that runs another module's script from its own {@code target}. Skips
   * and fails as {@link #install(Path, String)}.
   *
   * @return {@code nodeDir}
   */
  public static Path install(Path source, Path nodeDir, String script) throws Exception {
    Assumptions.assumeTrue(version("node") != null, "node is not on the PATH: skipping");
    Assumptions.assumeTrue(version("npm") != null, "npm is not on the PATH: skipping");
    Files.createDirectories(nodeDir);
    for (String f : List.of("package.json", "package-lock.json", script)) {
      Files.copy(source.resolve(f), nodeDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    writeHarness(nodeDir);
    String lockHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
        .digest(Files.readAllBytes(nodeDir.resolve("package-lock.json"))));
    Path stamp = nodeDir.resolve("node_modules/.greenroom-lock-sha1");
    if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lockHash)) {
      return nodeDir;
    }
    Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline",
        "--ignore-scripts"), nodeDir, Duration.ofMinutes(10));
    if (r.exitCode() != 0) {
      fail("npm ci failed (exit " + r.exitCode() + ") in " + nodeDir + ":\n" + r.stdout() + "\n"
          + r.stderr());
    }
    Files.writeString(stamp, lockHash);
    return nodeDir;
  }

  /**
   * Writes the shared {@value #HARNESS} into {@code dir} (which {@link #install(Path, Path, String)}
   * does): for a test that runs a script without installing packages.
   *
   * @return the file written
   */
  public static Path writeHarness(Path dir) throws IOException {
    try (InputStream in = NodeConformance.class.getResourceAsStream(HARNESS)) {
      if (in == null) {
        throw new IllegalStateException(HARNESS + " is missing from test-support's resources");
      }
      Path target = dir.resolve(HARNESS);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    }
  }

  /** Runs {@code command} in {@code dir}; fails the test when it outlasts {@code timeout}. */
  public static Result run(List<String> command, Path dir, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("conformance-", ".out");
    Path err = Files.createTempFile("conformance-", ".err");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail(String.join(" ", command) + " did not finish within " + timeout + "\n--- stdout\n"
            + Files.readString(out) + "\n--- stderr\n" + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static @Nullable String version(String command) {
    try {
      Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return text;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
