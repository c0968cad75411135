package dev.greenroom.catalog.processing.location;

import dev.greenroom.catalog.processing.Emitter;
import dev.greenroom.catalog.processing.LocationSpec;
import tools.jackson.databind.JsonNode;

/** What a {@link PlaceholderResolver} sees of one placeholder. */
public interface PlaceholderContext {
  /** The key without the dollar, for example {@code text}. */
  String key();

  /** The placeholder's value, usually a string: an absolute URL or a relative path. */
  JsonNode value();

  /** The location of the entity holding the placeholder; relative values resolve against it. */
  LocationSpec location();

  /** Receives refresh keys and other results the resolver emits. */
  Emitter emitter();

  /**
   * Reads what the placeholder's value names: resolves it against {@link #location()}, checks it
   * is allowed (same repository, allowed file roots, allowed hosts) and within the size limit,
   * and emits its refresh key ({@code url:<resolved>} or {@code file:<path>}).
   *
   * @return the resolved location and its bytes
   * @throws dev.greenroom.catalog.processing.ProcessingException with an {@code InputError}
   *     {@code Placeholder $<key> could not read location <value>, <error>} when it cannot be
   *     read, or {@code ... expected a string value parameter ...} when the value is not a
   *     string
   */
  Content read();

  /**
   * The bytes of a read and where they came from.
   *
   * @param location the resolved location: {@code url:<absolute url>} or {@code file:<path>}
   * @param data the bytes read
   */
  record Content(LocationSpec location, byte[] data) {
    /** The bytes as UTF-8 text. */
    public String text() {
      return new String(data, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
