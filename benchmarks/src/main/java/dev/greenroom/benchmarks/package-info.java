/**
 * JMH benchmarks of catalog validation and queries, and {@link
 * dev.greenroom.benchmarks.IngestBenchmark}, an end-to-end ingestion run of the processing engine.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.benchmarks;
