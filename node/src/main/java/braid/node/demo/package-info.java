/**
 * {@code braid demo}: two real nodes on loopback, two paths shaped by link emulators, one
 * transfer with a path cut in the middle. Built from the node's public API only, like any
 * embedding application.
 */
package braid.node.demo;
