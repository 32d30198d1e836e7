/**
 * Printable stories over the emulated kernel: {@link dstcow.dst.demo.CowStory} shows one
 * copy-on-write of the metrics, and what the parent kernel does instead.
 */
package dstcow.dst.demo;
