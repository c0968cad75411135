package dev.greenroom.integrations.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * The one {@code .tar.gz} writer of the fake SCM hosts ({@link FakeRepo}, {@code FakeGithub},
 * {@code FakeGitlab}) and of tests that hand-write hostile archives: ustar headers with fixed
 * owner, modes ({@code 0755} folders, {@code 0644} the rest) and time ({@code 1700000000}), so the
 * same entries always make the same bytes. A name longer than 100 bytes is split at a slash into
 * the ustar prefix field; one that cannot be split is refused.
 */
public final class Tar {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Adds an entry of a type ({@code '0'} file, {@code '5'} folder, {@code 'g'} pax header...). */
  public Tar entry(String name, char type, byte[] data) {
    return entry(name, type, data, "");
  }

  /** Adds an entry with a link target ({@code '2'} symbolic link, {@code '1'} hard link). */
  public Tar entry(String name, char type, byte[] data, String link) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = new byte[0];
    if (n.length > 100) { // ustar: the name's head goes in the 155-byte prefix field
      String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      int cut = trimmed.indexOf('/', Math.max(0, n.length - 101));
      if (cut < 0 || cut > 155) {
        throw new IllegalArgumentException("name too long for this fake: " + name);
      }
      prefix = name.substring(0, cut).getBytes(StandardCharsets.UTF_8);
      n = name.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
    }
    System.arraycopy(n, 0, h, 0, n.length);
    System.arraycopy(prefix, 0, h, 345, prefix.length);
    octal(h, 100, 8, type == '5' ? 0755 : 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, data.length);
    octal(h, 136, 12, 1700000000L);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    h[156] = (byte) type;
    byte[] l = link.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(l, 0, h, 157, l.length);
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

  /**
   * Adds files as a host's archive holds them, in the map's order: {@code top} first (a folder
   * every entry goes below; empty for none), then each file after the folders on its path not yet
   * written.
   */
  public Tar files(String top, Map<String, byte[]> files) {
    String prefix = top.isEmpty() || top.endsWith("/") ? top : top + "/";
    if (!prefix.isEmpty()) {
      entry(prefix, '5', new byte[0]);
    }
    TreeSet<String> dirs = new TreeSet<>();
    files.forEach((path, content) -> {
      String[] parts = path.split("/");
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < parts.length - 1; i++) {
        d.append(parts[i]).append('/');
        if (dirs.add(d.toString())) {
          entry(prefix + d, '5', new byte[0]);
        }
      }
      entry(prefix + path, '0', content);
    });
    return this;
  }

  private static void octal(byte[] h, int off, int len, long v) {
    String s = String.format("%0" + (len - 1) + "o", v);
    System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
  }

  /** The gzipped archive, with the two zero blocks that end a tar. */
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
