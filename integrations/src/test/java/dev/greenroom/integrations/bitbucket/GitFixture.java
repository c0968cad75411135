package dev.greenroom.integrations.bitbucket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * One repository of a fake host: the files of a folder on one branch, with the commit id git
 * computes for them (blobs, trees and a commit with a fixed author and date), and its {@code
 * .tar.gz} as hosts serve archives (one top folder). Files can be changed, which makes a new
 * commit. Thread-safe.
 */
public final class GitFixture {
  private final String branch;
  private final Map<String, byte[]> files = new TreeMap<>();
  private String commit = "";

  /** The files of {@code folder} on {@code branch}. */
  public GitFixture(Path folder, String branch) throws IOException {
    this.branch = branch;
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    recommit();
  }

  /** The branch name. */
  public String branch() {
    return branch;
  }

  /** The commit id (40 hex characters). */
  public synchronized String commit() {
    return commit;
  }

  /** The files, by path. */
  public synchronized Map<String, byte[]> files() {
    return Map.copyOf(files);
  }

  /** One file, or null. */
  public synchronized byte[] file(String path) {
    return files.get(path);
  }

  /** Adds or replaces a file: a new commit. */
  public synchronized GitFixture put(String path, String content) {
    files.put(path, content.getBytes(StandardCharsets.UTF_8));
    recommit();
    return this;
  }

  /** Removes a file: a new commit. */
  public synchronized GitFixture remove(String path) {
    files.remove(path);
    recommit();
    return this;
  }

  private void recommit() {
    String tree = tree("");
    commit = sha("commit", ("tree " + tree + "\n"
        + "author Greenroom <dev@greenroom.dev> 1700000000 +0000\n"
        + "committer Greenroom <dev@greenroom.dev> 1700000000 +0000\n\nfixture\n")
        .getBytes(StandardCharsets.UTF_8));
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
      String sha = isDir ? tree(path) : blobSha(files.get(path));
      body.writeBytes(((isDir ? "40000 " : "100644 ") + name).getBytes(StandardCharsets.UTF_8));
      body.write(0);
      body.writeBytes(HexFormat.of().parseHex(sha));
    }
    return sha("tree", body.toByteArray());
  }

  /** A blob's id as git computes it. */
  public static String blobSha(byte[] content) {
    return sha("blob", content);
  }

  private static String sha(String type, byte[] body) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update((type + " " + body.length + "\0").getBytes(StandardCharsets.UTF_8));
      sha1.update(body);
      return HexFormat.of().formatHex(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The repository as a {@code .tar.gz} with folders and files under {@code top/}, only the files
   * under {@code under} (empty for all).
   */
  public synchronized byte[] tarGz(String top, String under) {
    Tar tar = new Tar();
    String root = top + "/";
    tar.entry(root, '5', new byte[0]);
    Set<String> dirs = new TreeSet<>();
    String sub = under.replaceAll("^/+|/+$", "");
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String p = f.getKey();
      if (!sub.isEmpty() && !p.equals(sub) && !p.startsWith(sub + "/")) {
        continue;
      }
      String[] parts = p.split("/");
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < parts.length - 1; i++) {
        d.append(parts[i]).append('/');
        if (dirs.add(d.toString())) {
          tar.entry(root + d, '5', new byte[0]);
        }
      }
      tar.entry(root + p, '0', f.getValue());
    }
    return tar.finish();
  }

  /** A minimal ustar writer. */
  public static final class Tar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Adds an entry ({@code '0'} file, {@code '5'} folder, {@code '2'} link). */
    public Tar entry(String name, char type, byte[] data) {
      byte[] h = new byte[512];
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      if (n.length > 100) {
        throw new IllegalArgumentException("name too long for this fake: " + name);
      }
      System.arraycopy(n, 0, h, 0, n.length);
      octal(h, 100, 8, type == '5' ? 0755 : 0644);
      octal(h, 108, 8, 0);
      octal(h, 116, 8, 0);
      octal(h, 124, 12, data.length);
      octal(h, 136, 12, 1700000000L);
      for (int i = 148; i < 156; i++) {
        h[i] = ' ';
      }
      h[156] = (byte) type;
      System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      System.arraycopy(String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
      h[154] = 0;
      h[155] = ' ';
      out.writeBytes(h);
      out.writeBytes(data);
      out.writeBytes(new byte[(512 - data.length % 512) % 512]);
      return this;
    }

    private static void octal(byte[] h, int off, int len, long v) {
      String s = String.format("%0" + (len - 1) + "o", v);
      System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
    }

    /** The gzipped archive. */
    public byte[] finish() {
      out.writeBytes(new byte[1024]);
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
        z.write(out.toByteArray());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return gz.toByteArray();
    }
  }
}
