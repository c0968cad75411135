package dev.greenroom.catalog.msgraph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Backstage's own packages from npm for a conformance test: {@code src/test/node} (package.json,
 * the lock file, the script) copied to {@code target/node-conformance} and installed with {@code
 * npm ci}, again only when the lock file changes. Needs node and npm on the PATH.
 */
final class BackstageNode {
  record Result(int exitCode, String stdout, String stderr) {}

  private BackstageNode() {}

  /** The node version, or null when node (or npm) is not on the PATH. */
  static String available() {
    try {
      Result node = run(List.of("node", "--version"), Path.of("."), Duration.ofSeconds(20));
      Result npm = run(List.of("npm", "--version"), Path.of("."), Duration.ofSeconds(60));
      return node.exitCode() == 0 && npm.exitCode() == 0 ? node.stdout().trim() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Installs the packages (if the lock file changed) and returns the folder to run scripts in. */
  static Path install(String script) throws Exception {
    Path module = Path.of("").toAbsolutePath();
    Path source = module.resolve("src/test/node");
    Path dir = module.resolve("target/node-conformance");
    Files.createDirectories(dir);
    for (String f : List.of("package.json", "package-lock.json", script)) {
      Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    String lock = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
        .digest(Files.readAllBytes(dir.resolve("package-lock.json"))));
    Path stamp = dir.resolve("node_modules/.greenroom-lock-sha1");
    if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lock)) {
      return dir;
    }
    Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), dir,
        Duration.ofMinutes(8));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("npm ci failed in " + dir + ":\n" + r.stdout() + "\n"
          + r.stderr());
    }
    Files.writeString(stamp, lock);
    return dir;
  }

  static Result run(List<String> command, Path dir, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("node-", ".out");
    Path err = Files.createTempFile("node-", ".err");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException(command + " ran longer than " + timeout);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
