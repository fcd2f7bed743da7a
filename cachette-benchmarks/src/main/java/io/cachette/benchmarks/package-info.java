/** JMH benchmarks of Cachette, each measured side by side with the raw engine it wraps. */
package io.cachette.benchmarks;
