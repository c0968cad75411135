package dev.greenroom.integrations.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One repository for the fake SCM hosts: real files read from a folder, on one branch ({@code
 * main} unless named), with blob, tree and commit ids computed as git computes them (a fixed
 * author and date), and the archives hosts serve (a {@code .tar.gz} with or without a top folder,
 * a zip, written by {@link Tar}). Files can be changed, which makes a new commit. Thread-safe.
 */
public final class FakeRepo {
  private final String branch;
  private final Map<String, byte[]> files = new TreeMap<>();
  private String commitSha;

  /** The regular files under {@code folder}, paths relative to it, on branch {@code main}. */
  public FakeRepo(Path folder) throws IOException {
    this(folder, "main");
  }

  /** The regular files under {@code folder}, paths relative to it, on {@code branch}. */
  public FakeRepo(Path folder, String branch) throws IOException {
    this.branch = branch;
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    commit();
  }

  /** Adds or replaces a file: a new commit. */
  public synchronized FakeRepo put(String path, String content) {
    files.put(path, content.getBytes(StandardCharsets.UTF_8));
    commit();
    return this;
  }

  /** Removes a file: a new commit. */
  public synchronized FakeRepo remove(String path) {
    files.remove(path);
    commit();
    return this;
  }

  /** The branch name. */
  public String branch() {
    return branch;
  }

  /** The files, path to content. */
  public synchronized Map<String, byte[]> files() {
    return Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /** One file, or null. */
  public synchronized byte[] file(String path) {
    return files.get(path);
  }

  /** Whether a folder with files exists at {@code path} (empty: the root). */
  public synchronized boolean isFolder(String path) {
    String p = trim(path);
    return p.isEmpty() ? !files.isEmpty()
        : files.keySet().stream().anyMatch(f -> f.startsWith(p + "/"));
  }

  /** The commit id of the branch's head, as git computes it. */
  public synchronized String commitSha() {
    return commitSha;
  }

  /** The files under {@code folder}, paths relative to it. */
  public synchronized Map<String, byte[]> under(String folder) {
    String p = trim(folder);
    Map<String, byte[]> out = new TreeMap<>();
    files.forEach((k, v) -> {
      if (p.isEmpty()) {
        out.put(k, v);
      } else if (k.startsWith(p + "/")) {
        out.put(k.substring(p.length() + 1), v);
      }
    });
    return out;
  }

  /** A {@code .tar.gz} of the files under {@code folder}, each below {@code top} (may be empty). */
  public byte[] tarGz(String top, String folder) {
    return tarGzOf(top, under(folder));
  }

  /**
   * A {@code .tar.gz} of the files under {@code folder} with their paths from the repository's
   * root, each below {@code top} (as Bitbucket Server's archive with {@code path=} answers).
   */
  public synchronized byte[] tarGzKeepingPaths(String top, String folder) {
    String p = trim(folder);
    Map<String, byte[]> selected = new TreeMap<>();
    files.forEach((k, v) -> {
      if (p.isEmpty() || k.equals(p) || k.startsWith(p + "/")) {
        selected.put(k, v);
      }
    });
    return tarGzOf(top, selected);
  }

  private static byte[] tarGzOf(String top, Map<String, byte[]> entries) {
    return new Tar().files(trim(top), entries).finish();
  }

  /** A zip of the files under {@code folder}, each below {@code top} (may be empty). */
  public byte[] zip(String top, String folder) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    String prefix = top.isEmpty() ? "" : trim(top) + "/";
    under(folder).forEach((path, content) -> entries.put(prefix + path, content));
    return zipOf(entries);
  }

  /** A zip of these entries, in order (names as given, so a test can write hostile ones). */
  public static byte[] zipOf(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  // ---- git ids

  private void commit() {
    String tree = tree("");
    String commit = "tree " + tree + "\n"
        + "author Greenroom <dev@greenroom.dev> 1700000000 +0000\n"
        + "committer Greenroom <dev@greenroom.dev> 1700000000 +0000\n\nfixture\n";
    commitSha = sha("commit", commit.getBytes(StandardCharsets.UTF_8));
  }

  private String tree(String dir) {
    Map<String, Boolean> children = new TreeMap<>();
    String prefix = dir.isEmpty() ? "" : dir + "/";
    for (String p : files.keySet()) {
      if (p.startsWith(prefix)) {
        String rest = p.substring(prefix.length());
        int slash = rest.indexOf('/');
        children.put(slash < 0 ? rest : rest.substring(0, slash), slash >= 0);
      }
    }
    List<String> names = new ArrayList<>(children.keySet());
    names.sort((a, b) -> (children.get(a) ? a + "/" : a).compareTo(children.get(b) ? b + "/" : b));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String name : names) {
      String path = prefix + name;
      boolean isDir = children.get(name);
      String sha = isDir ? tree(path) : sha("blob", files.get(path));
      body.writeBytes(((isDir ? "40000 " : "100644 ") + name).getBytes(StandardCharsets.UTF_8));
      body.write(0);
      body.writeBytes(HexFormat.of().parseHex(sha));
    }
    return sha("tree", body.toByteArray());
  }

  /** A blob's git id. */
  public static String blobSha(byte[] content) {
    return sha("blob", content);
  }

  /** The git id of an object. */
  public static String sha(String type, byte[] body) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update((type + " " + body.length + "\0").getBytes(StandardCharsets.UTF_8));
      sha1.update(body);
      return HexFormat.of().formatHex(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String trim(String p) {
    return p.replaceAll("^/+", "").replaceAll("/+$", "");
  }

  // ---- HTTP helpers for the fakes

  /** Query parameters, decoded; the first of a repeated name wins. */
  public static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String kv : raw.split("&")) {
      if (!kv.isEmpty()) {
        int eq = kv.indexOf('=');
        out.putIfAbsent(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
      }
    }
    return out;
  }

  /** Percent-decoding that keeps {@code +}. */
  public static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Sends a body (none for an empty one). */
  public static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  /** Sends JSON. */
  public static void json(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  /** JSON string escaping for the fakes' hand-written answers. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
