package dev.greenroom.catalog.bitbucket;

import static dev.greenroom.catalog.bitbucket.ProviderConfigs.*;

import dev.greenroom.catalog.processing.schedule.TaskSchedule;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One provider under {@code catalog.providers.bitbucketCloud} (Backstage's {@code
 * BitbucketCloudEntityProviderConfig}).
 *
 * <pre>{@code
 * catalog:
 *   providers:
 *     bitbucketCloud:
 *       yourProviderId:
 *         workspace: acme
 *         catalogPath: /catalog-info.yaml   # the default
 *         filters:
 *           projectKey: '^apis-.*$'         # anchored with ^ and $ when not written
 *           repoSlug: '^service-.*$'
 *         pagelen: 100                      # code search page size, 100 by default
 *         schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } }
 * }</pre>
 *
 * A provider may also be written without an id (then it is {@code default}) when {@code
 * bitbucketCloud} holds {@code workspace} itself.
 *
 * @param id the provider's id
 * @param workspace the workspace searched
 * @param catalogPath the path of catalog files in a repository, {@code /catalog-info.yaml} by default
 * @param projectKey only repositories of matching projects, or null for all
 * @param repoSlug only matching repositories, or null for all
 * @param pagelen the page size of code searches ({@code pagelen}), 100 by default
 * @param schedule the schedule, or null when the host gives one in code
 */
public record BitbucketCloudProviderConfig(
    String id,
    String workspace,
    String catalogPath,
    @Nullable Pattern projectKey,
    @Nullable Pattern repoSlug,
    int pagelen,
    @Nullable TaskSchedule schedule) {
  private static int pagelen(JsonNode n, String key) {
    JsonNode v = n.path("pagelen");
    if (v.isMissingNode() || v.isNull()) {
      return 100;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > 1000) {
      throw new BitbucketConfigException(key + ".pagelen must be a whole number from 1 to 1000");
    }
    return v.asInt();
  }

  /** The config key the providers live under. */
  public static final String KEY = "catalog.providers.bitbucketCloud";

  /**
   * Reads the {@code catalog.providers.bitbucketCloud} node (missing: no providers).
   *
   * @throws BitbucketConfigException naming the key when a value has the wrong shape
   */
  public static List<BitbucketCloudProviderConfig> readAll(JsonNode node) {
    return ProviderConfigs.read(node, KEY, "workspace", (id, n) -> {
      String key = id.equals("default") && node.has("workspace") ? KEY : KEY + "." + id;
      JsonNode filters = n.path("filters");
      return new BitbucketCloudProviderConfig(
          id,
          string(n, "workspace", key),
          ProviderConfigs.catalogPath(n, key),
          pattern(filters, "projectKey", key + ".filters", true),
          pattern(filters, "repoSlug", key + ".filters", true),
          pagelen(n, key),
          ProviderConfigs.schedule(n, key));
    });
  }
}
