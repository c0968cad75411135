package dev.greenroom.techdocs.build;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A generated site in TechDocs' published layout, in memory.
 *
 * @param siteName {@code site_name}
 * @param siteDescription {@code site_description}, or null
 * @param etag the source etag the site was built from
 * @param buildTimestamp the build time, epoch milliseconds
 * @param files every output file by path relative to the site root, sorted
 * @param pages the page locations ({@code ""}, {@code "sub-page/"}), in nav order then path order
 * @param search the search entries
 * @param warnings what the build noticed without failing (missing nav pages, broken links)
 */
public record GeneratedSite(
    String siteName,
    @Nullable String siteDescription,
    String etag,
    long buildTimestamp,
    Map<String, byte[]> files,
    List<String> pages,
    List<SearchEntry> search,
    List<String> warnings) {

  public GeneratedSite {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
    pages = List.copyOf(pages);
    search = List.copyOf(search);
    warnings = List.copyOf(warnings);
  }

  /** The file name of the metadata document. */
  public static final String METADATA_FILE = "techdocs_metadata.json";
  /** The file name of the search index. */
  public static final String SEARCH_INDEX_FILE = "search/search_index.json";
}
