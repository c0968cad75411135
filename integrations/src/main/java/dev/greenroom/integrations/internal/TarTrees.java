package dev.greenroom.integrations.internal;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader.TreeFile;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Reads the files of a gzipped tar archive as SCM hosts serve them (one top folder, such as
 * GitHub's {@code owner-repo-sha/}, which is dropped), with limits: the uncompressed archive's
 * size, the files kept and their bytes. Only regular files are kept; folders, links (symbolic and
 * hard) and devices are skipped, so nothing can point outside the tree. An entry whose path is
 * absolute or climbs with {@code ..} fails the whole read. POSIX ({@code ustar}), pax ({@code
 * path} and {@code size} records) and GNU long names are understood.
 */
public final class TarTrees {
  private static final int BLOCK = 512;

  private TarTrees() {}

  /**
   * Reads a {@code .tar.gz} stream.
   *
   * @param gz the compressed archive; closed by the caller
   * @param subpath keep only files under this folder (relative to the top folder), with paths
   *     made relative to it; empty for all
   * @param filter which of the kept paths to read
   * @param maxFiles the most files kept
   * @param maxBytes the most bytes the uncompressed archive may have (files kept count against it
   *     too)
   * @param what the archive's URL, for messages
   * @throws ProcessingException naming {@code what} and the limit when a limit is passed or the
   *     archive is broken
   */
  public static List<TreeFile> read(
      InputStream gz, String subpath, Predicate<String> filter, int maxFiles, long maxBytes, String what) {
    return read(gz, true, subpath, filter, maxFiles, maxBytes, what);
  }

  /**
   * Reads a {@code .tar.gz} stream whose entries may or may not sit in one top folder (Gitiles'
   * archives of a folder do not).
   *
   * @param stripTop whether the first path segment of every entry is the archive's top folder,
   *     dropped
   * @see #read(InputStream, String, Predicate, int, long, String)
   */
  public static List<TreeFile> read(InputStream gz, boolean stripTop, String subpath,
      Predicate<String> filter, int maxFiles, long maxBytes, String what) {
    String sub = trimSlashes(subpath);
    List<TreeFile> out = new ArrayList<>();
    try (InputStream raw = new CountingInput(new GZIPInputStream(gz, 64 * 1024), maxBytes, what)) {
      byte[] header = new byte[BLOCK];
      String longName = null;
      String paxPath = null;
      long paxSize = -1;
      while (true) {
        if (!readBlock(raw, header)) {
          break;
        }
        if (isZero(header)) {
          break;
        }
        char type = (char) header[156];
        long size = paxSize >= 0 ? paxSize : parseSize(header, what);
        if (size < 0) {
          throw broken(what, "a negative entry size");
        }
        String name = paxPath != null ? paxPath : longName != null ? longName : name(header);
        if (type == 'x' || type == 'g' || type == 'L') {
          if (size > 1024 * 1024) {
            throw broken(what, "a header record of " + size + " bytes");
          }
          byte[] data = readData(raw, size);
          if (type == 'L') {
            longName = cString(data);
          } else if (type == 'x') {
            for (String[] kv : pax(data)) {
              if (kv[0].equals("path")) {
                paxPath = kv[1];
              } else if (kv[0].equals("size")) {
                paxSize = Long.parseLong(kv[1].trim());
                if (paxSize < 0) {
                  throw broken(what, "a negative entry size");
                }
              }
            }
          }
          continue;
        }
        longName = null;
        paxPath = null;
        paxSize = -1;
        boolean regular = type == '0' || type == '\0' || type == '7';
        String path = relative(name, stripTop, what);
        if (!regular || path.isEmpty()) {
          skip(raw, size);
          continue;
        }
        String rel;
        if (sub.isEmpty()) {
          rel = path;
        } else if (path.startsWith(sub + "/")) {
          rel = path.substring(sub.length() + 1);
        } else {
          skip(raw, size);
          continue;
        }
        if (!filter.test(rel)) {
          skip(raw, size);
          continue;
        }
        if (out.size() >= maxFiles) {
          throw new ProcessingException(ProcessingError.input(
              "The tree at " + what + " has more than " + maxFiles + " files, the limit"));
        }
        out.add(new TreeFile(rel, readData(raw, size)));
      }
    } catch (IOException e) {
      throw broken(what, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (NumberFormatException e) {
      throw broken(what, "a bad number in a header");
    }
    out.sort(Comparator.comparing(TreeFile::path));
    return out;
  }

  private static ProcessingException broken(String what, String detail) {
    return new ProcessingException(
        ProcessingError.general("Unable to read the archive " + what + ", " + detail));
  }

  private static String trimSlashes(String s) {
    return s.replaceAll("^/+", "").replaceAll("/+$", "");
  }

  /** The path below the archive's top folder (if stripped); refuses escapes. */
  static String relative(String name, boolean stripTop, String what) {
    String n = name.replace('\\', '/');
    if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
      throw new ProcessingException(ProcessingError.input(
          "The archive " + what + " holds the absolute path '" + name + "', refused"));
    }
    List<String> parts = new ArrayList<>();
    for (String p : n.split("/")) {
      if (p.equals("..")) {
        throw new ProcessingException(ProcessingError.input(
            "The archive " + what + " holds the path '" + name + "', which leaves the tree; refused"));
      }
      if (!p.isEmpty() && !p.equals(".")) {
        parts.add(p);
      }
    }
    int from = stripTop ? 1 : 0;
    if (parts.size() <= from) {
      return "";
    }
    return String.join("/", parts.subList(from, parts.size()));
  }

  private static boolean readBlock(InputStream in, byte[] block) throws IOException {
    int n = in.readNBytes(block, 0, BLOCK);
    if (n == 0) {
      return false;
    }
    if (n < BLOCK) {
      throw new EOFException("truncated header");
    }
    return true;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] readData(InputStream in, long size) throws IOException {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("an entry of " + size + " bytes");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new EOFException("truncated entry");
    }
    skipFully(in, pad(size));
    return data;
  }

  private static void skip(InputStream in, long size) throws IOException {
    skipFully(in, size + pad(size));
  }

  private static long pad(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static void skipFully(InputStream in, long n) throws IOException {
    in.skipNBytes(n);
  }

  private static long parseSize(byte[] h, String what) {
    if ((h[124] & 0x80) != 0) { // base-256
      long v = 0;
      for (int i = 125; i < 136; i++) {
        v = (v << 8) | (h[i] & 0xff);
        if (v < 0) {
          throw broken(what, "an entry size out of range");
        }
      }
      return v;
    }
    String s = new String(h, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  private static String name(byte[] h) {
    String name = cString(h, 0, 100);
    String magic = new String(h, 257, 5, StandardCharsets.US_ASCII);
    if (magic.equals("ustar")) {
      String prefix = cString(h, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private static String cString(byte[] b) {
    return cString(b, 0, b.length);
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static List<String[]> pax(byte[] data) {
    List<String[]> out = new ArrayList<>();
    int i = 0;
    while (i < data.length) {
      int sp = i;
      while (sp < data.length && data[sp] != ' ') {
        sp++;
      }
      if (sp >= data.length) {
        break;
      }
      int len = Integer.parseInt(new String(data, i, sp - i, StandardCharsets.US_ASCII));
      if (len < sp - i + 2 || i + len > data.length) {
        break;
      }
      String rec = new String(data, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
      int eq = rec.indexOf('=');
      if (eq > 0) {
        out.add(new String[] {rec.substring(0, eq), rec.substring(eq + 1)});
      }
      i += len;
    }
    return out;
  }

  /** Fails once more than {@code max} bytes were read. */
  private static final class CountingInput extends InputStream {
    private final InputStream in;
    private final long max;
    private final String what;
    private long count;

    CountingInput(InputStream in, long max, String what) {
      this.in = in;
      this.max = max;
      this.what = what;
    }

    private void add(long n) {
      if (n > 0) {
        count += n;
        if (count > max) {
          throw new ProcessingException(ProcessingError.input(
              "The archive " + what + " is larger than the limit of " + max + " bytes uncompressed"));
        }
      }
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      add(n);
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
