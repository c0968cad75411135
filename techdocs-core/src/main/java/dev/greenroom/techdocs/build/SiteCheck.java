package dev.greenroom.techdocs.build;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.techdocs.source.Paths2;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks a generated site from its output files alone, the way a reader would find problems: every
 * nav link leads to a page, every relative link and image in every page resolves to a file (a folder
 * to its {@code index.html}, a {@code #fragment} to an element id), every page is in the search
 * index, and the metadata lists every file.
 */
public final class SiteCheck {
  private static final Pattern REF = Pattern.compile("(href|src)=\"([^\"]*)\"");
  private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]*)\"");
  private static final Pattern NAV_LINK = Pattern.compile("<a href=\"([^\"]*)\" class=\"md-nav__link");

  private SiteCheck() {}

  /**
   * One problem found.
   *
   * @param kind {@code nav}, {@code link}, {@code search} or {@code metadata}
   * @param file the page it was found in
   * @param detail what is wrong
   */
  public record Problem(String kind, String file, String detail) {}

  /** Checks the files of a site (paths relative to the site root). */
  public static List<Problem> check(Map<String, byte[]> files) {
    List<Problem> problems = new ArrayList<>();
    Set<String> searchLocations = new HashSet<>();
    byte[] index = files.get(GeneratedSite.SEARCH_INDEX_FILE);
    if (index == null) {
      problems.add(new Problem("search", GeneratedSite.SEARCH_INDEX_FILE, "missing"));
    } else {
      for (JsonNode d : Json.mapper().readTree(index).path("docs")) {
        searchLocations.add(d.path("location").asString());
      }
    }
    byte[] meta = files.get(GeneratedSite.METADATA_FILE);
    if (meta == null) {
      problems.add(new Problem("metadata", GeneratedSite.METADATA_FILE, "missing"));
    } else {
      Set<String> listed = new HashSet<>();
      for (JsonNode f : Json.mapper().readTree(meta).path("files")) {
        listed.add(f.asString());
      }
      for (String f : files.keySet()) {
        if (!listed.contains(f)) {
          problems.add(new Problem("metadata", GeneratedSite.METADATA_FILE, "files does not list " + f));
        }
      }
    }
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      String file = e.getKey();
      if (!file.endsWith("index.html")) {
        continue;
      }
      String dir = Paths2.parent(file);
      String location = dir.isEmpty() ? "" : dir + "/";
      if (index != null && !searchLocations.contains(location)) {
        problems.add(new Problem("search", file, "page " + location + " is not in the search index"));
      }
      String html = new String(e.getValue(), StandardCharsets.UTF_8);
      Set<String> navHrefs = new HashSet<>();
      Matcher nm = NAV_LINK.matcher(html);
      while (nm.find()) {
        navHrefs.add(nm.group(1));
      }
      Matcher m = REF.matcher(html);
      while (m.find()) {
        String href = m.group(2).replace("&amp;", "&");
        String problem = resolve(files, dir, href);
        if (problem != null) {
          boolean nav = navHrefs.contains(m.group(2));
          problems.add(new Problem(nav ? "nav" : "link", file, (nav ? "nav entry " : "") + href + ": " + problem));
        }
      }
    }
    return problems;
  }

  private static @org.jspecify.annotations.Nullable String resolve(Map<String, byte[]> files, String dir, String href) {
    if (href.isEmpty() || href.startsWith("//") || href.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return null;
    }
    int q = href.indexOf('?');
    String noQuery = q < 0 ? href : href.substring(0, q) + (href.indexOf('#') > q ? href.substring(href.indexOf('#')) : "");
    int h = noQuery.indexOf('#');
    String path = h < 0 ? noQuery : noQuery.substring(0, h);
    String fragment = h < 0 ? null : noQuery.substring(h + 1);
    String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    String target;
    if (decoded.isEmpty()) {
      target = dir.isEmpty() ? "index.html" : dir + "/index.html";
    } else {
      String r = Paths2.resolve(dir, decoded);
      if (r == null) {
        return "leaves the site";
      }
      target = r.isEmpty() || decoded.endsWith("/") || decoded.equals(".") || decoded.endsWith("/.")
          ? (r.isEmpty() ? "index.html" : r + "/index.html")
          : r;
      if (!files.containsKey(target) && files.containsKey(target + "/index.html")) {
        target = target + "/index.html";
      }
    }
    byte[] content = files.get(target);
    if (content == null) {
      return "no file " + target;
    }
    if (fragment != null && !fragment.isEmpty() && target.endsWith(".html")) {
      Matcher ids = ID.matcher(new String(content, StandardCharsets.UTF_8));
      while (ids.find()) {
        if (ids.group(1).equals(fragment)) {
          return null;
        }
      }
      return "no element #" + fragment + " in " + target;
    }
    return null;
  }
}
