package dev.greenroom.scorecard.store;

/** The contract on the in-memory stores. */
class MemoryFactStoreTest extends FactStoreContract {
  private final MemoryResultHistory history = new MemoryResultHistory();

  @Override
  FactStore store() {
    return new MemoryFactStore();
  }

  @Override
  ResultHistory history() {
    return history;
  }
}
