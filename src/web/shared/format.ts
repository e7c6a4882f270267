const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes as people read them: `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}

/** A transfer rate: `12.3 MiB/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** A timestamp in the reader's locale, with the ISO text kept for the title. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** A duration in ms as `41.3 s` or `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Canonical enum values shown short: `OS_TYPE_MUTABLE` → `MUTABLE`. */
export function shortEnum(value: string): string {
  return value
    .replace(/^OS_TYPE_/, '')
    .replace(/^OS_PROVIDER_KIND_/, '')
    .replace(/^SECURITY_FEATURE_SECURE_BOOT_AND_FULL_DISK_ENCRYPTION$/, 'SB_FDE')
    .replace(/^SECURITY_FEATURE_/, '');
}
