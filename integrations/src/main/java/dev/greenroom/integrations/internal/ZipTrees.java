package dev.greenroom.integrations.internal;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader.TreeFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads the files of a zip archive as it streams in (Azure DevOps' {@code items?download=true}
 * answers one), with limits that hold whatever the archive declares: the compressed bytes read,
 * the entries seen (folders included), the files kept and the bytes they inflate to, counted as
 * they are inflated, so a zip bomb stops at the limit. Folders are skipped; an entry whose path is
 * absolute or climbs with {@code ..} fails the whole read, as does a path seen twice. Zip has no
 * symbolic links that {@link ZipInputStream} would follow: every file is returned as its bytes.
 */
public final class ZipTrees {
  private ZipTrees() {}

  /**
   * Reads a zip stream.
   *
   * @param zip the archive; closed by the caller
   * @param subpath keep only files under this folder, with paths made relative to it; empty for
   *     all
   * @param filter which of the kept paths to read
   * @param maxFiles the most files kept (and a quarter of the most entries of any kind)
   * @param maxBytes the most bytes the archive may have, compressed, and the most its files may
   *     inflate to
   * @param what the archive's URL, for messages
   * @throws ProcessingException naming {@code what} and the limit when a limit is passed or the
   *     archive is broken or malicious
   */
  public static List<TreeFile> read(
      InputStream zip, String subpath, Predicate<String> filter, int maxFiles, long maxBytes, String what) {
    String sub = subpath.replaceAll("^/+", "").replaceAll("/+$", "");
    long maxEntries = Math.min(Integer.MAX_VALUE, (long) maxFiles * 4);
    List<TreeFile> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long inflated = 0;
    long entries = 0;
    try (ZipInputStream in = new ZipInputStream(new LimitedInput(zip, maxBytes, what))) {
      byte[] buf = new byte[64 * 1024];
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (++entries > maxEntries) {
          throw new ProcessingException(ProcessingError.input(
              "The archive " + what + " has more than " + maxEntries + " entries, the limit"));
        }
        if (e.isDirectory()) {
          continue;
        }
        String path = TarTrees.relative(e.getName(), false, what);
        if (path.isEmpty()) {
          continue;
        }
        if (!seen.add(path)) {
          throw new ProcessingException(ProcessingError.input(
              "The archive " + what + " holds the path '" + path + "' twice; refused"));
        }
        String rel;
        if (sub.isEmpty()) {
          rel = path;
        } else if (path.startsWith(sub + "/")) {
          rel = path.substring(sub.length() + 1);
        } else {
          continue;
        }
        if (!filter.test(rel)) {
          continue;
        }
        if (out.size() >= maxFiles) {
          throw new ProcessingException(ProcessingError.input(
              "The tree at " + what + " has more than " + maxFiles + " files, the limit"));
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
          inflated += n;
          if (inflated > maxBytes) {
            throw new ProcessingException(ProcessingError.input("The archive " + what
                + " inflates to more than the limit of " + maxBytes + " bytes"));
          }
          file.write(buf, 0, n);
        }
        out.add(new TreeFile(rel, file.toByteArray()));
      }
    } catch (ZipException e) {
      throw broken(what, "ZipException: " + e.getMessage());
    } catch (IOException e) {
      throw broken(what, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (IllegalArgumentException e) {
      throw broken(what, "an entry name that is not valid UTF-8");
    }
    if (entries == 0) {
      throw broken(what, "no zip entries (not a zip archive?)");
    }
    out.sort(Comparator.comparing(TreeFile::path));
    return out;
  }

  private static ProcessingException broken(String what, String detail) {
    return new ProcessingException(
        ProcessingError.general("Unable to read the archive " + what + ", " + detail));
  }

  /** Fails once more than {@code max} compressed bytes were read. */
  private static final class LimitedInput extends InputStream {
    private final InputStream in;
    private final long max;
    private final String what;
    private long count;

    LimitedInput(InputStream in, long max, String what) {
      this.in = in;
      this.max = max;
      this.what = what;
    }

    private void add(long n) {
      if (n > 0) {
        count += n;
        if (count > max) {
          throw new ProcessingException(ProcessingError.input(
              "The archive " + what + " is larger than the limit of " + max + " bytes"));
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
