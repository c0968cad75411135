package dev.greenroom.usersettings.http;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import dev.greenroom.http.auth.ApiPrincipal;
import dev.greenroom.http.auth.UserPrincipal;
import dev.greenroom.usersettings.BucketKey;
import dev.greenroom.usersettings.UserSettings;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's user-settings routes under {@code /api/user-settings}, as {@code
 * @backstage/plugin-user-settings-backend} serves them and the frontend's {@code
 * UserSettingsStorage} calls them:
 *
 * <ul>
 *   <li>{@code GET /buckets/:bucket/keys/:key}: {@code {bucket, key, value}}, 404 when not set;
 *   <li>{@code PUT /buckets/:bucket/keys/:key} with {@code {value}}: stores it and answers as GET;
 *   <li>{@code DELETE /buckets/:bucket/keys/:key}: 204;
 *   <li>{@code POST /multiget} with {@code {items: [{bucket, key}]}}: {@code {items: [{value} |
 *       null]}} in the order asked.
 * </ul>
 *
 * <p>Settings belong to users: the caller must be a signed-in user ({@link UserPrincipal}); a call
 * without credentials answers 401 and a service's 403, as Backstage's {@code httpAuth.credentials(req,
 * {allow: ['user']})}. The frontend encodes bucket and key with {@code encodeURIComponent}, so each
 * is one path segment.
 */
public final class UserSettingsApiPlugin implements ApiPlugin {
  private final UserSettings settings;

  /** Routes over this backend. */
  public UserSettingsApiPlugin(UserSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public String id() {
    return "user-settings";
  }

  @Override
  public void routes(Router r) {
    r.post("/multiget", Set.of(), this::multiget);
    r.get("/buckets/:bucket/keys/:key", Set.of(), this::get);
    r.put("/buckets/:bucket/keys/:key", Set.of(), this::put);
    r.delete("/buckets/:bucket/keys/:key", Set.of(), this::delete);
  }

  static String user(Principal p) {
    if (p instanceof UserPrincipal u) {
      return u.userEntityRef();
    }
    if (p.equals(ApiPrincipal.ANONYMOUS)) {
      throw ApiException.unauthenticated("User settings need a signed-in user");
    }
    throw ApiException.notAllowed("Only users have settings; the caller is a service");
  }

  private static BucketKey where(Call call) {
    return new BucketKey(call.path("bucket"), call.path("key"));
  }

  private static ObjectNode setting(BucketKey where, JsonNode value) {
    ObjectNode n = Json.object();
    n.put("bucket", where.bucket());
    n.put("key", where.key());
    n.set("value", value);
    return n;
  }

  private void get(Call call) throws IOException {
    String user = user(call.principal());
    BucketKey where = where(call);
    JsonNode value = invalidAsInput(() -> settings.get(user, where)).orElseThrow(() ->
        ApiException.notFound("Unable to find '" + where.key() + "' in bucket '" + where.bucket() + "'"));
    call.json(200, setting(where, value));
  }

  private void put(Call call) throws IOException {
    String user = user(call.principal());
    BucketKey where = where(call);
    JsonNode body = call.jsonBody();
    if (!body.isObject()) {
      throw ApiException.input("The body must be a JSON object with a value");
    }
    JsonNode value = body.get("value");
    if (value == null) {
      throw ApiException.input("Missing required field \"value\"");
    }
    invalidAsInput(() -> {
      settings.set(user, where, value);
      return null;
    });
    call.json(200, setting(where, value));
  }

  private void delete(Call call) throws IOException {
    String user = user(call.principal());
    BucketKey where = where(call);
    invalidAsInput(() -> {
      settings.delete(user, where);
      return null;
    });
    call.empty(204);
  }

  private void multiget(Call call) throws IOException {
    String user = user(call.principal());
    JsonNode body = call.jsonBody();
    JsonNode items = body.isObject() ? body.get("items") : null;
    if (items == null || !items.isArray()) {
      throw ApiException.input("The body must be {items: [{bucket, key}]}");
    }
    if (items.size() > UserSettings.MAX_MULTIGET) {
      throw ApiException.input("items may name at most " + UserSettings.MAX_MULTIGET
          + " settings, got " + items.size());
    }
    List<BucketKey> where = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      JsonNode bucket = item.get("bucket");
      JsonNode key = item.get("key");
      if (!item.isObject() || bucket == null || !bucket.isString() || key == null
          || !key.isString()) {
        throw ApiException.input("items[" + i + "] must be an object with string bucket and key");
      }
      where.add(new BucketKey(bucket.asString(), key.asString()));
    }
    List<JsonNode> values = invalidAsInput(() -> settings.getAll(user, where));
    ObjectNode out = Json.object();
    ArrayNode a = out.putArray("items");
    for (JsonNode v : values) {
      if (v == null) {
        a.addNull();
      } else {
        a.addObject().set("value", v);
      }
    }
    call.json(200, out);
  }

  /** Runs {@code work}; a broken limit ({@link IllegalArgumentException}) answers 400. */
  private static <T> T invalidAsInput(Supplier<T> work) {
    try {
      return work.get();
    } catch (IllegalArgumentException e) {
      throw ApiException.input(e.getMessage());
    }
  }
}
