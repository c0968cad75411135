/** End-to-end benchmarks of TechDocs site builds. */
@org.jspecify.annotations.NullMarked
package dev.greenroom.benchmarks.techdocs;
