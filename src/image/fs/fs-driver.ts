/**
 * The small interface each filesystem implements so that path walking is written once.
 * @module
 * @internal
 */
import type { FsNodeType } from './read-only-fs.js';

/** A file, directory or link as a driver knows it. */
export interface FsNode {
  readonly type: FsNodeType;
  readonly size: number;
}

/** A named child of a directory. */
export interface FsChild<N extends FsNode> {
  readonly name: string;
  /** Type from the directory entry itself (ext4 file_type, FAT attributes). */
  readonly type: FsNodeType;
  /** Loads the child's node (an inode read for ext4, free for FAT). */
  load(): Promise<N>;
}

/** What a filesystem provides to {@link ../fs-path-walker}. */
export interface FsDriver<N extends FsNode> {
  readonly kind: 'vfat' | 'ext4';
  readonly label: string;
  readonly uuid: string | undefined;
  /** Whether names compare case-insensitively (FAT). */
  readonly caseInsensitive: boolean;
  root(): Promise<N>;
  /** The directory's entries without `.` and `..`. */
  children(dir: N): Promise<FsChild<N>[]>;
  /** A link's target text. */
  readLink(link: N): Promise<string>;
  /** A file's bytes (`node.size` of them). */
  readFile(file: N): Promise<Uint8Array>;
}
