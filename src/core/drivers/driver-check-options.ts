/**
 * The operator's say over the driver check, read from metadata: on the OS profile (a map) and on
 * the host (EMF's key/value list). Keys compare folded (lower case, `-` and `_` ignored) and by
 * prefix, so `accepted-driver-gaps`, `acceptedDriverGaps` and `accepted-driver-gaps-2` all count:
 * host metadata follows EMF's label rules (one value per key, no `:` or `,`), so a host names
 * several gaps with several keys.
 *
 * - `accepted-driver-gaps`: gaps accepted, comma-separated: `8086:125c` or `8086-125c` (vendor and
 *   device, PCI or USB), a PCI address, a USB port path (`2-1`), the driver the provisioning OS
 *   bound (`igc`, `r8152`), or `*`/`all` for every device. Host and profile lists add up.
 * - `driver-check-classes`: PCI class prefixes checked besides 01 (storage) and 02 (network),
 *   comma-separated, e.g. `0c03,0d` for USB controllers and wireless (profile or host).
 * - `driver-check-usb-classes`: USB interface class prefixes checked besides NICs, disks, 08 (mass
 *   storage), 0206 and 020d (CDC Ethernet, NCM), e.g. `e0,0e` for Bluetooth and video.
 * @module
 */

export const ACCEPTED_DRIVER_GAPS_KEY = 'accepted-driver-gaps';
export const DRIVER_CHECK_CLASSES_KEY = 'driver-check-classes';
export const DRIVER_CHECK_USB_CLASSES_KEY = 'driver-check-usb-classes';

const fold = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

/** The comma-separated values of `key` in `metadata`, trimmed, empty ones dropped. */
export function metadataList(
  metadata: Readonly<Record<string, string>> | readonly { readonly key: string; readonly value: string }[],
  key: string,
): string[] {
  const entries = Array.isArray(metadata)
    ? (metadata as readonly { key: string; value: string }[]).map((m) => [m.key, m.value] as const)
    : Object.entries(metadata as Readonly<Record<string, string>>);
  return entries
    .filter(([k]) => fold(k).startsWith(fold(key)))
    .flatMap(([, value]) => value.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Accepted gaps and extra classes from the profile's and the host's metadata together. */
export function driverCheckOptions(
  profileMetadata: Readonly<Record<string, string>>,
  hostMetadata: readonly { readonly key: string; readonly value: string }[],
): { acceptedGaps: string[]; extraClasses: string[]; extraUsbClasses: string[] } {
  const both = (key: string) => [
    ...new Set([...metadataList(profileMetadata, key), ...metadataList(hostMetadata, key)]),
  ];
  return {
    acceptedGaps: both(ACCEPTED_DRIVER_GAPS_KEY),
    extraClasses: both(DRIVER_CHECK_CLASSES_KEY),
    extraUsbClasses: both(DRIVER_CHECK_USB_CLASSES_KEY),
  };
}
