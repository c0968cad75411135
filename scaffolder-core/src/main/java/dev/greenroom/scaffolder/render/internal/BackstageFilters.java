package dev.greenroom.scaffolder.render.internal;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Backstage's own filters ({@code createDefaultFilters}): {@code parseRepoUrl}, {@code
 * parseEntityRef}, {@code pick}, {@code projectSlug}.
 */
public final class BackstageFilters {
  private BackstageFilters() {}

  static Map<String, JsFilter> all() {
    Map<String, JsFilter> m = new LinkedHashMap<>();
    NunjucksFilters.add(m, "parseRepoUrl", (in, a) -> parseRepoUrl(JsValues.print(in)));
    NunjucksFilters.add(m, "projectSlug", (in, a) -> {
      Map<String, Object> r = parseRepoUrl(JsValues.print(in));
      return r.get("owner") + "/" + r.get("repo");
    });
    NunjucksFilters.add(m, "parseEntityRef", (in, a) -> {
      Object opts = JsFilter.arg(a, 0);
      String kind = null;
      String ns = null;
      if (opts instanceof Map<?, ?> o) {
        kind = o.get("defaultKind") == null ? null : String.valueOf(o.get("defaultKind"));
        ns = o.get("defaultNamespace") == null ? null : String.valueOf(o.get("defaultNamespace"));
      }
      try {
        EntityRef ref = EntityRef.parse(in == null ? null : JsValues.print(in), kind, ns);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", ref.kind());
        out.put("namespace", ref.namespace());
        out.put("name", ref.name());
        return out;
      } catch (InvalidEntityRefException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    });
    NunjucksFilters.add(m, "pick", (in, a) -> pick(in, JsValues.print(JsFilter.arg(a, 0))));
    return m;
  }

  /**
   * Backstage's {@code parseRepoUrl}: {@code host?owner=o&repo=r} into {@code {host, owner, repo,
   * organization, workspace, project}} (absent keys left out), with the per-host required keys.
   *
   * @throws IllegalArgumentException naming the URL and the missing key
   */
  public static Map<String, Object> parseRepoUrl(String repoUrl) {
    URI uri;
    try {
      uri = new URI("https://" + repoUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Invalid repo URL passed to publisher, got " + repoUrl, e);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("Invalid repo URL passed to publisher, got " + repoUrl);
    }
    if (uri.getPort() != -1) {
      host = host + ":" + uri.getPort();
    }
    Map<String, String> q = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null) {
      for (String part : raw.split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
        q.putIfAbsent(k, v);
      }
    }
    String h = host.toLowerCase(Locale.ROOT);
    List<String> required;
    if (h.contains("bitbucket")) {
      required = h.equals("bitbucket.org") ? List.of("workspace", "project", "repo")
          : List.of("project", "repo");
    } else if (h.contains("gitlab")) {
      required = q.containsKey("project") ? List.of() : List.of("owner", "repo");
    } else if (h.contains("gitea") || h.contains("gerrit")) {
      required = List.of("repo");
    } else {
      required = List.of("repo", "owner");
    }
    for (String k : required) {
      String v = q.get(k);
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException(
            "Invalid repo URL passed to publisher: https://" + repoUrl + ", missing " + k);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("host", host);
    for (String k : List.of("owner", "repo", "organization", "workspace", "project")) {
      String v = q.get(k);
      if (v != null && !v.isEmpty()) {
        out.put(k, v);
      }
    }
    return out;
  }

  /** lodash {@code get(obj, path)}: dotted and bracket paths; null when missing. */
  static @Nullable Object pick(@Nullable Object obj, String path) {
    Object cur = obj;
    StringBuilder key = new StringBuilder();
    java.util.List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.' || c == '[' || c == ']') {
        if (key.length() > 0) {
          keys.add(key.toString());
          key.setLength(0);
        }
      } else if (c != '"' && c != '\'') {
        key.append(c);
      }
    }
    if (key.length() > 0) {
      keys.add(key.toString());
    }
    for (String k : keys) {
      if (cur instanceof Map<?, ?> mm) {
        cur = mm.get(k);
      } else if (cur instanceof List<?> l && k.chars().allMatch(Character::isDigit)) {
        int idx = Integer.parseInt(k);
        cur = idx < l.size() ? l.get(idx) : null;
      } else {
        return null;
      }
    }
    return cur;
  }
}
