/**
 * Well-known GPT partition type GUIDs, with the names and short codes sgdisk uses
 * (UEFI 2.10 table 5.3; Discoverable Partitions Specification for the Linux types).
 * @module
 */

/** One known partition type. */
export interface PartitionType {
  /** Type GUID, upper case. */
  readonly guid: string;
  /** Human name, as `sgdisk -p` prints it. */
  readonly name: string;
  /** sgdisk's 4-hex-digit type code (`sgdisk -t 1:EF00`). */
  readonly code: string;
}

const type = (guid: string, name: string, code: string): PartitionType => Object.freeze({ guid, name, code });

/** The partition types edge-orch's images and layouts use, keyed by a stable short id. */
export const PARTITION_TYPES = Object.freeze({
  esp: type('C12A7328-F81F-11D2-BA4B-00A0C93EC93B', 'EFI system partition', 'EF00'),
  linuxFilesystem: type('0FC63DAF-8483-4772-8E79-3D69D8477DE4', 'Linux filesystem', '8300'),
  biosBoot: type('21686148-6449-6E6F-744E-656564454649', 'BIOS boot partition', 'EF02'),
  linuxRootX86_64: type('4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709', 'Linux x86-64 root (/)', '8304'),
  linuxRootArm64: type('B921B045-1DF0-41C3-AF44-4C6F280D3FAE', 'Linux ARM64 root (/)', '8305'),
  linuxSwap: type('0657FD6D-A4AB-43C4-84E5-0933C84B4F4F', 'Linux swap', '8200'),
  linuxLvm: type('E6D6D379-F507-44C2-A23C-238F2A3DF928', 'Linux LVM', '8E00'),
  linuxLuks: type('CA7D7CCB-63ED-4C53-861C-1742536059CC', 'Linux LUKS', '8309'),
  linuxHome: type('933AC7E1-2EB4-4F13-B844-0E14E2AEF915', 'Linux /home', '8302'),
  linuxExtendedBoot: type('BC13C2FF-59E6-4262-A352-B275FD6F7172', 'XBOOTLDR partition', 'EA00'),
  microsoftBasicData: type('EBD0A0A2-B9E5-4433-87C0-68B6B72699C7', 'Microsoft basic data', '0700'),
});

/** Stable ids of {@link PARTITION_TYPES}. */
export type PartitionTypeId = keyof typeof PARTITION_TYPES;

const BY_GUID: ReadonlyMap<string, PartitionType> = new Map(
  Object.values(PARTITION_TYPES).map((t) => [t.guid, t]),
);

/** The known type of `typeGuid` (any case), or undefined for a GUID this table does not list. */
export function partitionTypeOf(typeGuid: string): PartitionType | undefined {
  return BY_GUID.get(typeGuid.toUpperCase());
}
