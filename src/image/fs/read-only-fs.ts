/**
 * The read-only view of a filesystem inside an image that the pre-flight checks use.
 * @module
 */

/** What a path names. `other` covers devices, fifos and sockets. */
export type FsNodeType = 'file' | 'dir' | 'symlink' | 'other';

/** Facts about one path (the last component is not followed when it is a link). */
export interface FsStat {
  readonly type: FsNodeType;
  /** Size in bytes (0 for FAT directories, whose size is not recorded). */
  readonly size: number;
  /** The link's target text, for symbolic links. */
  readonly target?: string;
}

/** One entry of a directory listing (never `.` or `..`). */
export interface DirEntry {
  readonly name: string;
  readonly type: FsNodeType;
}

/** Options of {@link ReadOnlyFs.readFile}. */
export interface ReadFileOptions {
  /** Largest file to load; a larger one is FS_FILE_TOO_LARGE. Default 64 MiB. */
  readonly maxBytes?: number;
}

/**
 * A filesystem opened read-only. Paths are absolute (`/etc/os-release`); `\` separates too, so
 * `\EFI\BOOT\BOOTX64.EFI` works. Symbolic links are resolved inside the image (absolute targets
 * from the filesystem's root, relative ones from the link's directory), at most 40 per lookup.
 * FAT names compare case-insensitively, ext4 names exactly.
 */
export interface ReadOnlyFs {
  /** `ext4` also covers ext2 and ext3 (same superblock; block-mapped inodes are read too). */
  readonly kind: 'vfat' | 'ext4';
  /** Volume label ('' when none). */
  readonly label: string;
  /** ext4: the filesystem UUID; vfat: the volume serial as `XXXX-XXXX` (blkid's spelling). */
  readonly uuid?: string;
  /** Contents of a file, following links. FS_NOT_FOUND, FS_FILE_TOO_LARGE, CORRUPT_DATA. */
  readFile(path: string, options?: ReadFileOptions): Promise<Uint8Array>;
  /** Facts about a path; a final link is reported, not followed. */
  stat(path: string): Promise<FsStat>;
  /** Entries of a directory (links followed), in on-disk order. */
  list(dir: string): Promise<DirEntry[]>;
  /** Whether the path exists, following links (a dangling link does not exist). */
  exists(path: string): Promise<boolean>;
}

/** Default {@link ReadFileOptions.maxBytes}. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
