/**
 * The Linux swap area header, version 1 (include/linux/swap.h `union swap_header`): what `mkswap`
 * writes in the first page of a swap partition, so the OS can `swapon` it without formatting.
 * @module
 */
import { encodeUuid } from '../verity/verity-superblock.js';
import { byteFields } from '../binary/byte-fields.js';

/** mkswap's page size on x86-64 and arm64 (4 KiB pages). */
export const SWAP_PAGE_SIZE = 4096;
const OFF_VERSION = 1024; // u32, 1
const OFF_LAST_PAGE = 1028; // u32
const OFF_UUID = 1036; // 16 bytes
const OFF_LABEL = 1052; // 16 bytes
const MAGIC = 'SWAPSPACE2';
const LABEL_MAX = 16;

/** The first page of a swap area of `sizeBytes` with `uuid` and an optional label. */
export function swapHeader(sizeBytes: number, uuid: string, label = ''): Uint8Array {
  const pages = Math.floor(sizeBytes / SWAP_PAGE_SIZE);
  if (pages < 10) throw new RangeError(`a swap area needs at least 10 pages, not ${pages}`);
  if (label.length >= LABEL_MAX) throw new RangeError(`a swap label has at most ${LABEL_MAX - 1} characters`);
  const page = new Uint8Array(SWAP_PAGE_SIZE);
  const view = byteFields(page);
  view.setU32le(OFF_VERSION, 1);
  view.setU32le(OFF_LAST_PAGE, pages - 1);
  encodeUuid(uuid, page, OFF_UUID);
  for (let i = 0; i < label.length; i++) page[OFF_LABEL + i] = label.charCodeAt(i);
  for (let i = 0; i < MAGIC.length; i++) page[SWAP_PAGE_SIZE - MAGIC.length + i] = MAGIC.charCodeAt(i);
  return page;
}
