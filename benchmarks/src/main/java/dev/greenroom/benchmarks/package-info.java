/**
 * JMH benchmarks of catalog validation and queries.
 */
package dev.greenroom.benchmarks;
