package dev.greenroom.catalog.processing.location;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads catalog data from URLs (Backstage's {@code UrlReaderService}, reduced to what the catalog
 * needs). The host supplies one, usually {@link HttpUrlReader}, or its own for SCM hosts that need
 * APIs (listing a repository tree for glob targets, private repositories).
 *
 * <p>Failures are thrown as {@link ProcessingException}s: a missing file with a {@code
 * NotFoundError} ({@link dev.greenroom.catalog.processing.ProcessingError#notFound}), a URL the
 * reader refuses with a {@code NotAllowedError}, anything else with a general {@code Error}; each
 * message names the URL. Implementations must be thread-safe.
 */
public interface UrlReader {

  /**
   * Reads one URL.
   *
   * @param url an absolute URL
   * @param etag the ETag of an earlier read, or null; when the content is unchanged the reader may
   *     answer {@link ReadResponse#notModified(String)}
   * @param maxBytes the largest body accepted; a larger one fails with an error naming the URL
   * @return the content and its new ETag, or "not modified"
   * @throws ProcessingException when the URL cannot be read
   */
  ReadResponse read(String url, @Nullable String etag, long maxBytes);

  /** Reads one URL without an ETag, with the reader's own size limit. */
  default ReadResponse read(String url) {
    return read(url, null, Long.MAX_VALUE);
  }

  /**
   * Finds and reads the files a URL target names. A reader for an SCM host may expand glob
   * targets ({@code https://host/o/r/blob/main/**}{@code /catalog-info.yaml}); the default reads
   * the single URL.
   *
   * @param url an absolute URL, possibly with glob characters
   * @param etag the ETag of the previous search, or null
   * @return the files found (none is not an error here), or "not modified"
   * @throws ProcessingException when the search fails; a missing single file is a {@code
   *     NotFoundError}
   */
  default SearchResponse search(String url, @Nullable String etag) {
    ReadResponse r = read(url, etag, Long.MAX_VALUE);
    if (r.isNotModified()) {
      return SearchResponse.notModified(r.etag());
    }
    return new SearchResponse(List.of(new FoundFile(url, r.content())), r.etag(), false);
  }

  /**
   * Reads a directory tree (Backstage's {@code readTree}): every file under the folder a URL
   * names, for example {@code https://github.com/o/r/tree/main/docs}, as paths relative to that
   * folder. Readers for SCM hosts read it from the host's archive endpoint; the default refuses.
   *
   * @param url an absolute URL of a folder
   * @param etag the ETag of an earlier read (for SCM hosts the commit sha), or null; when nothing
   *     changed the reader may answer {@link ReadTreeResponse#notModified(String)}
   * @return the files and the tree's ETag, or "not modified"
   * @throws ProcessingException when the tree cannot be read, exceeds the reader's limits, or this
   *     reader cannot read trees (a {@code NotAllowedError} naming the URL)
   */
  default ReadTreeResponse readTree(String url, @Nullable String etag) {
    throw new ProcessingException(
        ProcessingError.notAllowed(
            "Reading the tree at '"
                + url
                + "' is not supported by this reader ("
                + getClass().getSimpleName()
                + "); configure an integration for its host"));
  }

  /**
   * One file of a tree read.
   *
   * @param path the path relative to the folder read, {@code /}-separated, never absolute and
   *     never with {@code ..} segments
   * @param content the file's bytes
   */
  record TreeFile(String path, byte[] content) {
    public TreeFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * The answer to a tree read.
   *
   * @param files the files, in path order
   * @param etag the tree's ETag (for SCM hosts the commit sha), or null
   * @param notModified true when nothing changed since the ETag sent (then {@code files} is empty)
   */
  record ReadTreeResponse(List<TreeFile> files, @Nullable String etag, boolean notModified) {
    public ReadTreeResponse {
      files = List.copyOf(files);
    }

    /** Files read, with the tree's ETag. */
    public static ReadTreeResponse of(List<TreeFile> files, @Nullable String etag) {
      return new ReadTreeResponse(files, etag, false);
    }

    /** Nothing changed since {@code etag}. */
    public static ReadTreeResponse notModified(@Nullable String etag) {
      return new ReadTreeResponse(List.of(), etag, true);
    }
  }

  /**
   * The answer to one read.
   *
   * @param content the body; empty when not modified
   * @param etag the content's ETag, if the server gave one
   * @param notModified true when the content has not changed since {@code etag}
   */
  record ReadResponse(byte[] content, @Nullable String etag, boolean notModified) {
    public ReadResponse {
      Objects.requireNonNull(content, "content");
    }

    /** Content read, with its ETag (or null). */
    public static ReadResponse of(byte[] content, @Nullable String etag) {
      return new ReadResponse(content, etag, false);
    }

    /** Unchanged since {@code etag}. */
    public static ReadResponse notModified(@Nullable String etag) {
      return new ReadResponse(new byte[0], etag, true);
    }

    /** True when the content has not changed since the ETag sent. */
    public boolean isNotModified() {
      return notModified;
    }
  }

  /**
   * One file a search found.
   *
   * @param url the file's own URL, used as its entities' location
   * @param content the file's bytes
   */
  record FoundFile(String url, byte[] content) {
    public FoundFile {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * The answer to a search.
   *
   * @param files the files found, in a stable order
   * @param etag an ETag over the whole search, or null
   * @param notModified true when nothing changed since the ETag sent (then {@code files} is empty)
   */
  record SearchResponse(List<FoundFile> files, @Nullable String etag, boolean notModified) {
    public SearchResponse {
      files = List.copyOf(files);
    }

    /** Nothing changed since {@code etag}. */
    public static SearchResponse notModified(@Nullable String etag) {
      return new SearchResponse(List.of(), etag, true);
    }
  }
}
