/**
 * Page-aligned memory for O_DIRECT writes, which need the buffer's address, the file offset and
 * the length aligned to the device's logical block size. JavaScript cannot ask for an address;
 * a WebAssembly memory's buffer, though, is mapped from whole pages, so it starts on a page
 * boundary. Nothing relies on that blindly: a direct write that the kernel refuses (EINVAL) is
 * repeated as an ordinary write and direct I/O is turned off (target-handle.ts).
 * @module
 */

/** Alignment of address, offset and length for direct writes: covers 512 B and 4 KiB sectors. */
export const DIRECT_ALIGNMENT = 4096;

/** WebAssembly memories grow in pages of 64 KiB. */
const WASM_PAGE = 64 * 1024;

/** The one WebAssembly constructor used; absent under `--jitless` (the project's types omit the DOM lib). */
type WasmMemory = new (descriptor: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer };
const Memory = (globalThis as { WebAssembly?: { Memory?: WasmMemory } }).WebAssembly?.Memory;

/**
 * `bytes` of page-aligned memory (zero-filled), or `undefined` when WebAssembly is unavailable
 * (`--jitless`) or the memory cannot be reserved.
 */
export function alignedBuffer(bytes: number): Uint8Array | undefined {
  if (Memory === undefined) return undefined;
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
  try {
    const memory = new Memory({ initial: pages, maximum: pages });
    return new Uint8Array(memory.buffer, 0, bytes);
  } catch {
    return undefined;
  }
}
