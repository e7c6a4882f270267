/**
 * One /lib/modules/<version> directory's PCI and USB alias table: modules.alias when depmod wrote it,
 * else the `.modinfo` of every module file under it (bounded walk); then the built-ins from
 * modules.builtin.alias, else modules.builtin.modinfo.
 * @module
 */
import { isOrchError } from '../../../core/errors/index.js';
import {
  DRIVER_TABLE_BUSES,
  type BuiltinTableSource,
  type DriverTableSource,
  type KernelDrivers,
} from '../../../core/drivers/index.js';
import type { ReadOnlyFs } from '../../fs/index.js';
import { modinfoAliases, parseAliasLines, parseBuiltinModinfo, type ModuleAlias } from './alias-tables.js';
import { createDriverTableBuilder } from './driver-table-builder.js';
import { readModinfo } from './elf-modinfo.js';
import { decodeModuleFile, moduleNameOf } from './module-file.js';

const MAX_TABLE_FILE_BYTES = 64 * 1024 * 1024;
const MAX_MODULE_FILE_BYTES = 32 * 1024 * 1024;
/** Bounds of the fallback walk: a distribution kernel has ~6,000 modules, 6 levels deep. */
const MAX_MODULE_FILES = 12_000;
const MAX_DEPTH = 10;
/** Unreadable modules named one by one up to this many; the rest are counted. */
const MAX_NAMED_FAILURES = 10;

type Table = Pick<
  KernelDrivers,
  'source' | 'builtinSource' | 'modules' | 'aliasCount' | 'truncated' | 'buses'
>;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Reads the table of the module tree at `dir`; `label` names it in problems (`p2:/lib/modules/6.8.0`). */
export async function readModuleTree(
  fs: ReadOnlyFs,
  dir: string,
  problems: string[],
  label: string,
): Promise<Table> {
  const table = createDriverTableBuilder();
  const readText = async (name: string): Promise<Uint8Array | undefined> => {
    const path = `${dir}/${name}`;
    if (!(await fs.exists(path).catch(() => false))) return undefined;
    try {
      return await fs.readFile(path, { maxBytes: MAX_TABLE_FILE_BYTES });
    } catch (error) {
      if (!isOrchError(error)) throw error;
      problems.push(`${label}/${name}: ${error.message}`);
      return undefined;
    }
  };
  let source: DriverTableSource = 'none';
  const aliasFile = await readText('modules.alias');
  if (aliasFile) {
    table.add(parseAliasLines(new TextDecoder().decode(aliasFile)), false);
    source = 'modules.alias';
  } else if (await addModuleFiles(fs, dir, table.add.bind(table), problems, label)) {
    source = 'modinfo';
  }
  let builtinSource: BuiltinTableSource | null = null;
  const builtinAlias = await readText('modules.builtin.alias');
  const builtinModinfo = builtinAlias ? undefined : await readText('modules.builtin.modinfo');
  if (builtinAlias) {
    table.add(parseAliasLines(new TextDecoder().decode(builtinAlias)), true);
    builtinSource = 'modules.builtin.alias';
  } else if (builtinModinfo) {
    table.add(parseBuiltinModinfo(builtinModinfo), true);
    builtinSource = 'modules.builtin.modinfo';
  }
  return {
    source,
    builtinSource,
    modules: table.modules(),
    aliasCount: table.count,
    truncated: table.truncated,
    buses: [...DRIVER_TABLE_BUSES],
  };
}

/** Walks `dir` for module files and adds each one's PCI and USB aliases; true when any module was read. */
async function addModuleFiles(
  fs: ReadOnlyFs,
  dir: string,
  add: (aliases: readonly ModuleAlias[], builtin: boolean) => void,
  problems: string[],
  label: string,
): Promise<boolean> {
  let seen = 0;
  let failures = 0;
  const walk = async (path: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    for (const entry of await fs.list(path).catch(() => [])) {
      if (seen >= MAX_MODULE_FILES) return;
      const child = `${path}/${entry.name}`;
      if (entry.type === 'dir') {
        // build and source are links into kernel headers: no modules there.
        if (depth === 0 && (entry.name === 'build' || entry.name === 'source')) continue;
        await walk(child, depth + 1);
        continue;
      }
      const name = moduleNameOf(entry.name);
      if (entry.type !== 'file' || name === undefined) continue;
      seen += 1;
      try {
        const bytes = await fs.readFile(child, { maxBytes: MAX_MODULE_FILE_BYTES });
        const strings = readModinfo(await decodeModuleFile(entry.name, bytes));
        if (strings) add(modinfoAliases(strings, name), false);
      } catch (error) {
        failures += 1;
        if (failures <= MAX_NAMED_FAILURES)
          problems.push(`${label}${child.slice(dir.length)}: cannot read .modinfo: ${message(error)}`);
      }
    }
  };
  await walk(dir, 0);
  if (failures > MAX_NAMED_FAILURES)
    problems.push(`${label}: ${failures - MAX_NAMED_FAILURES} more modules without a readable .modinfo`);
  return seen > 0;
}
