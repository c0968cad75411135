package dev.greenroom.techdocs.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files of one docs source, loaded into memory, keyed by forward-slash paths relative to the
 * source folder (the folder holding {@code mkdocs.yml}), with an etag over paths and contents: the
 * same files give the same etag, so an unchanged source is not built again.
 *
 * @param origin where the files came from ({@link DocsRef#toString()}), for messages
 * @param files path to content, sorted by path
 * @param etag a hash of every path and content
 */
public record SourceFiles(String origin, Map<String, byte[]> files, String etag) {

  public SourceFiles {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /** Source files with their etag computed from the content. */
  public static SourceFiles of(String origin, Map<String, byte[]> files) {
    TreeMap<String, byte[]> sorted = new TreeMap<>(files);
    return new SourceFiles(origin, sorted, hash(sorted));
  }

  /** One file, if present. */
  public Optional<byte[]> file(String path) {
    return Optional.ofNullable(files.get(path));
  }

  /** True when the file exists. */
  public boolean exists(String path) {
    return files.containsKey(path);
  }

  /** The paths under a folder ({@code ""} for all), recursively, sorted. */
  public List<String> under(String dir) {
    String prefix = dir.isEmpty() || dir.equals(".") ? "" : dir + "/";
    List<String> out = new ArrayList<>();
    for (String p : files.keySet()) {
      if (p.startsWith(prefix)) {
        out.add(p);
      }
    }
    return out;
  }

  private static String hash(TreeMap<String, byte[]> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(Integer.toString(e.getValue().length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) 0);
        md.update(e.getValue());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
