package dev.greenroom.scaffolder.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Where {@link dev.greenroom.scaffolder.action.ActionContext#checkpoint} keeps the results of
 * idempotent work, so that a task run again (retry, recovery) returns them instead of doing the
 * work twice. Keys are Backstage's {@code v1.task.checkpoint.<stepId>.<key>}; values are opaque
 * JSON ({@code {"status":"success","value":...}} or {@code {"status":"failed","reason":...}}).
 *
 * <p>The task layer stores them with the task; {@link #inMemory()} serves single runs.
 * Implementations must be thread-safe.
 */
public interface Checkpoints {

  /** The stored value for {@code key}, if any. */
  Optional<JsonNode> get(String key);

  /** Stores (or replaces) the value for {@code key}. */
  void put(String key, JsonNode value);

  /** A fresh, empty in-memory store. */
  static Checkpoints inMemory() {
    return inMemory(Map.of());
  }

  /** An in-memory store that starts with {@code initial}. */
  static Checkpoints inMemory(Map<String, JsonNode> initial) {
    Map<String, JsonNode> map = new ConcurrentHashMap<>(initial);
    return new Checkpoints() {
      @Override
      public Optional<JsonNode> get(String key) {
        return Optional.ofNullable(map.get(key));
      }

      @Override
      public void put(String key, JsonNode value) {
        map.put(key, value);
      }

      @Override
      public String toString() {
        return new LinkedHashMap<>(map).toString();
      }
    };
  }
}
