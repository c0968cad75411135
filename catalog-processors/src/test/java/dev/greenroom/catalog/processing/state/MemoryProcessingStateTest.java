package dev.greenroom.catalog.processing.state;

/** The contract on {@link MemoryProcessingState}. */
class MemoryProcessingStateTest extends ProcessingStateStoreContract {
  @Override
  protected ProcessingStateStore newStore() {
    return new MemoryProcessingState();
  }
}
