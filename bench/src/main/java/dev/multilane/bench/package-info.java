/**
 * JMH benchmarks of Multilane on named workloads, and the workloads themselves. Nothing here gates
 * CI on wall-clock time; the tests of this module only check that each workload does what it
 * claims. Results and the commands that reproduce them are in docs/benchmarks.md.
 */
package dev.multilane.bench;
