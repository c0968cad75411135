package dev.greenroom.catalog.processing.state.internal;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.ProcessingError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Normal forms both processing state stores use, so that they agree: times, refresh keys, hashes,
 * errors. The decisions are {@link StatePlanner}'s and {@link LocationKeyRule}'s.
 */
public final class StateSupport {
  /** The result hash an explicit delete of a child writes on its parents. */
  public static final String CHILD_WAS_DELETED = "child-was-deleted";

  /** Failed runs a processor cache survives. */
  public static final int CACHE_TTL = 5;

  /** Levels of parents {@code refreshNow} walks. */
  public static final int MAX_ANCESTOR_DEPTH = 32;

  private static final int MAX_KEY = 255;

  private StateSupport() {}

  /** {@code t} at the precision the stores keep (microseconds, as PostgreSQL's timestamps). */
  public static Instant time(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  /** {@code t} as microseconds since the epoch. */
  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /** Microseconds since the epoch as an instant. */
  public static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /**
   * A refresh key as stored: keys longer than 255 characters become their first 180 characters,
   * {@code #sha256:} and the hex SHA-256 of the whole key, as Backstage stores them.
   */
  public static String refreshKey(String key) {
    if (key.length() <= MAX_KEY) {
      return key;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return key.substring(0, 180) + "#sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Refresh key prefixes as compared: lower case, at most the 180 characters a long stored key
   * keeps in clear, distinct and sorted; blank prefixes are refused (they would match every key).
   */
  public static List<String> refreshKeyPrefixes(Collection<String> prefixes) {
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    for (String p : prefixes) {
      if (p.isBlank()) {
        throw new IllegalArgumentException("a refresh key prefix must not be blank");
      }
      String cut = p.length() > 180 ? p.substring(0, 180) : p;
      out.add(cut.toLowerCase(java.util.Locale.ROOT));
    }
    return new ArrayList<>(out);
  }

  /** The stored forms of {@code keys}: distinct and sorted. */
  public static List<String> refreshKeys(Collection<String> keys) {
    return new ArrayList<>(
        new java.util.TreeSet<>(keys.stream().map(StateSupport::refreshKey).toList()));
  }

  /** The hash of an unprocessed entity (SHA-1 of its stable JSON). */
  public static String hash(Entity e) {
    return e.contentHash();
  }

  /** Errors as stored: a JSON array of {@code {name, message}}. */
  public static String errorsJson(List<ProcessingError> errors) {
    ArrayNode a = Json.nodes().arrayNode();
    for (ProcessingError e : errors) {
      a.add(e.toJson());
    }
    return Json.write(a);
  }

  /** Reads {@link #errorsJson}'s form; null or blank is no errors. */
  public static List<ProcessingError> errors(@org.jspecify.annotations.Nullable String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    List<ProcessingError> out = new ArrayList<>();
    JsonNode a = Json.parse(json);
    for (int i = 0; i < a.size(); i++) {
      out.add(ProcessingError.fromJson(a.get(i)));
    }
    return out;
  }
}
