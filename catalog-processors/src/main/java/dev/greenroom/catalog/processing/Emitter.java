package dev.greenroom.catalog.processing;

/**
 * Receives what a processor emits during one run. Emitting after the run has finished has no
 * effect (the engine logs a warning).
 */
@FunctionalInterface
public interface Emitter {
  /** Emits one result. */
  void emit(ProcessingResult result);
}
