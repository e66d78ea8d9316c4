/**
 * Measurements of a real node, not part of the node: {@code braid bench loopback} runs one
 * encrypted stream between two nodes on loopback against a raw-UDP baseline taken in the same
 * process, so the ratio is free of the machine's mood that day.
 */
package braid.node.bench;
