package dev.greenroom.catalog.processing;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;
import dev.greenroom.catalog.json.Json;

/**
 * An error found while processing an entity: stored on the entity's refresh state and served in
 * its {@code status.items} as {@code <name>: <message>}, the way Backstage serialises errors.
 *
 * @param name the error class name Backstage uses: {@code InputError}, {@code NotFoundError},
 *     {@code ConflictError}, {@code NotAllowedError} or {@code Error}
 * @param message what went wrong, naming the file, entity and field where known
 */
public record ProcessingError(String name, String message) {
  /** Longest message kept; longer ones are cut, as Backstage cuts reader errors. */
  public static final int MAX_MESSAGE = 5_000;

  public ProcessingError {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(message, "message");
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE);
    }
  }

  /** Bad input: invalid YAML, a failed validation, a processor that threw. */
  public static ProcessingError input(String message) {
    return new ProcessingError("InputError", message);
  }

  /** A location or file that does not exist. */
  public static ProcessingError notFound(String message) {
    return new ProcessingError("NotFoundError", message);
  }

  /** A conflicting change, such as a ref changed by preprocessing. */
  public static ProcessingError conflict(String message) {
    return new ProcessingError("ConflictError", message);
  }

  /** Something the catalog rules or the host's configuration do not allow. */
  public static ProcessingError notAllowed(String message) {
    return new ProcessingError("NotAllowedError", message);
  }

  /** Any other failure. */
  public static ProcessingError general(String message) {
    return new ProcessingError("Error", message);
  }

  /**
   * The error a throwable stands for: a {@link ProcessingException} keeps its name, anything else
   * becomes {@code Error} with the exception's message (or its class name when it has none).
   */
  public static ProcessingError of(Throwable t) {
    if (t instanceof ProcessingException pe) {
      return pe.error();
    }
    String msg = t.getMessage();
    return general(msg == null || msg.isEmpty() ? t.getClass().getSimpleName() : msg);
  }

  /** This error as the cause in a wrapping message: {@code <message>; caused by <this>}. */
  public ProcessingError causing(String name, String message) {
    return new ProcessingError(name, message + "; caused by " + this);
  }

  /** The serialised form stored and served: {@code {name, message}}. */
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("name", name);
    n.put("message", message);
    return n;
  }

  /** Reads {@link #toJson()}'s form back. */
  public static ProcessingError fromJson(tools.jackson.databind.JsonNode node) {
    return new ProcessingError(
        node.path("name").asString("Error"), node.path("message").asString(""));
  }

  /** {@code <name>: <message>}, as JavaScript prints an error. */
  @Override
  public String toString() {
    return name + ": " + message;
  }
}
