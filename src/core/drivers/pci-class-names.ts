/**
 * Names of the PCI classes a driver check speaks of, as lspci prints them (pci.ids, "C" lines).
 * Only the classes an edge node's boot depends on are named; others read "PCI device class XXXX".
 * @module
 */

/** Sub-class names by 4-hex class+subclass, lower case. */
const SUBCLASS_NAMES: Readonly<Record<string, string>> = {
  '0100': 'SCSI storage controller',
  '0101': 'IDE interface',
  '0104': 'RAID bus controller',
  '0105': 'ATA controller',
  '0106': 'SATA controller',
  '0107': 'Serial Attached SCSI controller',
  '0108': 'Non-Volatile memory controller',
  '0180': 'Mass storage controller',
  '0200': 'Ethernet controller',
  '0207': 'InfiniBand controller',
  '0280': 'Network controller',
  '0c03': 'USB controller',
  '0d80': 'Wireless controller',
  '0d00': 'IRDA controller',
  '0300': 'VGA compatible controller',
  '0380': 'Display controller',
  '0c05': 'SMBus',
  '1080': 'Encryption controller',
};

/** Class names by 2-hex base class. */
const CLASS_NAMES: Readonly<Record<string, string>> = {
  '01': 'Mass storage controller',
  '02': 'Network controller',
  '03': 'Display controller',
  '0c': 'Serial bus controller',
  '0d': 'Wireless controller',
  '10': 'Encryption controller',
};

/** lspci's words for a 6-hex class code (`020000` -> `Ethernet controller`). */
export function pciClassName(classCode: string): string {
  const code = classCode.replace(/^0x/i, '').toLowerCase().padStart(6, '0');
  return (
    SUBCLASS_NAMES[code.slice(0, 4)] ??
    CLASS_NAMES[code.slice(0, 2)] ??
    `PCI device class ${code.slice(0, 4)}`
  );
}
