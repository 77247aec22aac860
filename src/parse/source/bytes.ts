/**
 * `size` bytes whose contents are not set (whatever the allocator had there): for a buffer that
 * is written whole before it is read, or whose unwritten parts are never read. `new
 * Uint8Array(size)` zero-fills, and for a large buffer that is a memset whenever the C allocator
 * serves it from memory it had before (glibc does once a freed large block has raised its mmap
 * threshold): up to ~14 ms for a 20 MB initrd, measured, every image but the first of a fleet.
 * A plain Uint8Array over memory of its own (not Node's pool, not a Buffer: its `slice` copies).
 */
export const uninitialisedBytes = (size: number): Uint8Array<ArrayBuffer> => {
  const b = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, size);
};
