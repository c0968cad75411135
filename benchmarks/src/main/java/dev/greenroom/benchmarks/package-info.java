/**
 * JMH benchmarks of catalog validation and queries, and {@link
 * dev.greenroom.benchmarks.IngestBenchmark}, an end-to-end ingestion run of the processing engine.
 */
package dev.greenroom.benchmarks;
