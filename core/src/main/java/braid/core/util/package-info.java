/**
 * Small allocation-free data structures shared by every core layer (range sets, rings). Imports
 * nothing from braid; every layer may import it.
 */
package braid.core.util;
