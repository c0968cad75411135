package dev.greenroom.scaffolder.render.internal;

/**
 * JSON's {@code null} inside the engine, kept apart from "undefined" (Java null), because
 * JavaScript tells them apart: {@code ${{ x }}} keeps a null value as {@code null} but drops an
 * undefined one, {@code dump} gives {@code null} or nothing, {@code default} replaces only
 * undefined. It prints as nothing, is falsy, equals undefined loosely, and has no attributes.
 */
public enum JsNull {
  /** The one null. */
  INSTANCE;

  @Override
  public String toString() {
    return "null";
  }
}
