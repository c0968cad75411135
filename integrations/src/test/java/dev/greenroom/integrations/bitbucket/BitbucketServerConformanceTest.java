package dev.greenroom.integrations.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.integrations.BitbucketServerIntegrationConfig;
import dev.greenroom.integrations.ReadLimits;
import dev.greenroom.integrations.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's own {@code BitbucketServerUrlReader} ({@code @backstage/backend-defaults}, the
 * version the Backstage peer uses, pinned in {@code src/test/node/package-lock.json}) reads a file,
 * a tree and a glob from {@link FakeBitbucketServer}, and Greenroom's {@link
 * BitbucketServerUrlReader} must read the same: the same contents, tree paths, tree ETag (short
 * commit id), "not modified" answers, search URLs and a NotFoundError for a missing file. This
 * checks the fake against the reader it imitates the host for, and our reader against Backstage's.
 *
 * <p>Needs {@code node} (20+) and {@code npm} on the PATH, and the npm registry (or a warm npm
 * cache) for {@code npm ci}; skipped when node or npm is missing. Installed into {@code
 * target/node-conformance}, again only when the lock file changes.
 */
class BitbucketServerConformanceTest {
  static final String TOKEN = "BBDCconformanceT0ken";
  static final String SCRIPT = "bitbucket-server-conformance.mjs";

  FakeBitbucketServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeBitbucketServer();
    server.bearer(TOKEN);
    server.repo("CAT", "catalog", BitbucketCloudUrlReaderTest.fixture(), "main", false);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void backstagesReaderAndOursReadTheSameFromTheFake() throws Exception {
    Path nodeDir = install();
    String file = server.browseUrl("CAT", "catalog", "components/searcher/catalog-info.yaml") + "?at=main";
    String tree = server.browseUrl("CAT", "catalog", "documented-component") + "?at=main";
    String glob = server.browseUrl("CAT", "catalog", "**/catalog-info.yaml") + "?at=main";
    String missing = server.browseUrl("CAT", "catalog", "nope.yaml") + "?at=main";
    ObjectNode args = JsonMapper.builder().build().createObjectNode()
        .put("host", server.host()).put("apiBaseUrl", server.apiBaseUrl()).put("token", TOKEN)
        .put("file", file).put("tree", tree).put("glob", glob).put("missing", missing);
    Result r = run(List.of("node", SCRIPT, args.toString()), nodeDir, Duration.ofMinutes(3));
    String line = r.stdout().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
    if (r.exitCode() != 0 || line == null) {
      fail("Backstage's reader failed (exit " + r.exitCode() + ")\n--- stdout\n" + r.stdout()
          + "\n--- stderr\n" + r.stderr());
    }
    JsonNode theirs = JsonMapper.builder().build().readTree(line);

    BitbucketServerUrlReader ours = BitbucketServerUrlReader.create(new BitbucketServerIntegrationConfig(
        server.host(), server.apiBaseUrl(), Secret.of(TOKEN), null, null), ReadLimits.DEFAULTS, null);

    UrlReader.ReadResponse read = ours.read(file, null, Long.MAX_VALUE);
    assertThat(text(read.content())).isEqualTo(theirs.path("file").path("content").asString());
    assertThat(read.etag()).isEqualTo(theirs.path("file").path("etag").asString(null));
    assertThat(ours.read(file, read.etag(), Long.MAX_VALUE).isNotModified()).isTrue();
    assertThat(theirs.path("fileNotModified").asString()).isEqualTo("NotModifiedError");

    UrlReader.ReadTreeResponse t = ours.readTree(tree, null);
    assertThat(t.etag()).isEqualTo(theirs.path("tree").path("etag").asString());
    List<String> theirFiles = new ArrayList<>();
    theirs.path("tree").path("files").forEach(f -> theirFiles.add(f.path("path").asString() + "\n"
        + f.path("content").asString()));
    assertThat(t.files().stream().map(f -> f.path() + "\n" + text(f.content())).toList())
        .isNotEmpty().isEqualTo(theirFiles);
    assertThat(ours.readTree(tree, t.etag()).notModified()).isTrue();
    assertThat(theirs.path("treeNotModified").asString()).isEqualTo("NotModifiedError");

    UrlReader.SearchResponse s = ours.search(glob, null);
    assertThat(s.etag()).isEqualTo(theirs.path("search").path("etag").asString());
    List<String> theirUrls = new ArrayList<>();
    theirs.path("search").path("files").forEach(f -> theirUrls.add(f.path("url").asString() + "\n"
        + f.path("content").asString()));
    assertThat(s.files().stream().map(f -> f.url() + "\n" + text(f.content())).toList())
        .hasSize(3).isEqualTo(theirUrls);

    assertThat(theirs.path("missing").asString()).isEqualTo("NotFoundError");
    try {
      ours.read(missing, null, 100);
      fail("a missing file was read");
    } catch (ProcessingException e) {
      assertThat(e.error().name()).isEqualTo("NotFoundError");
    }
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  // --- node and npm

  private static Path install() throws Exception {
    Assumptions.assumeTrue(version("node") != null, "node is not on the PATH: skipping");
    Assumptions.assumeTrue(version("npm") != null, "npm is not on the PATH: skipping");
    Path module = moduleDir();
    Path source = module.resolve("src/test/node");
    Path nodeDir = module.resolve("target/node-conformance");
    Files.createDirectories(nodeDir);
    for (String f : List.of("package.json", "package-lock.json", SCRIPT)) {
      Files.copy(source.resolve(f), nodeDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    String lockHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
        .digest(Files.readAllBytes(nodeDir.resolve("package-lock.json"))));
    Path stamp = nodeDir.resolve("node_modules/.greenroom-lock-sha1");
    if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(lockHash)) {
      return nodeDir;
    }
    Result r = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"),
        nodeDir, Duration.ofMinutes(10));
    if (r.exitCode() != 0) {
      fail("npm ci failed (exit " + r.exitCode() + ") in " + nodeDir + ":\n" + r.stdout() + "\n" + r.stderr());
    }
    Files.writeString(stamp, lockHash);
    return nodeDir;
  }

  record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(List<String> command, Path dir, Duration timeout)
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

  private static String version(String command) {
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

  private static Path moduleDir() {
    String basedir = System.getProperty("basedir");
    Path dir = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
    if (!Files.isDirectory(dir.resolve("src/test/node"))
        && Files.isDirectory(dir.resolve("integrations/src/test/node"))) {
      dir = dir.resolve("integrations");
    }
    return dir;
  }
}
