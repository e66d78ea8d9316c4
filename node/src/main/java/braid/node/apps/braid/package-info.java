/**
 * The applications of {@link braid.node.apps} on a real braid node: {@link
 * braid.node.apps.braid.BraidOverlay} turns a {@link braid.node.BraidNode} into the {@link
 * braid.node.apps.Overlay} they run on, with tunnels as braid streams (an abort is a stream
 * reset, which the far side sees as an error) and datagram ports as port bindings of the node's
 * datagrams. Kept apart so that {@code braid.node.apps} itself knows nothing of the node.
 */
package braid.node.apps.braid;
