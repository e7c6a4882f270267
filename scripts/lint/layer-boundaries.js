// @ts-check
/**
 * @module
 * The layering of docs/architecture.md as one ESLint rule, judged by path: every module specifier
 * of a file under src/ (static imports, `export ... from`, and dynamic `import()` with a literal)
 * is resolved, and the layer it lands in (the first folder under src/) must be one the file's
 * layer may use. Node built-ins (`fs` and `node:fs` alike) and named packages are refused per
 * layer, a layer may have a single way in (src/image/index.ts), and code never imports the test
 * helpers under a `testing/` folder. Test files (`*.test.ts`, `testing/`) are not checked.
 */
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * @typedef {object} LayerRule
 * @property {readonly string[]} may      layers of src/ this layer may import (besides itself)
 * @property {boolean} [nodeBuiltins]     whether node:* / bare built-ins are allowed (default true)
 * @property {readonly string[]} [packages] packages refused (a name, or a scope as `@scope/*`)
 * @property {string} [entry]             the only file of this layer others may import (path under src/)
 * @property {string} why                 the rule in words, for the message
 */

const BUILTINS = new Set(builtinModules.map((name) => name.replace(/^node:/, '')));

/** The package a bare specifier names: `@scope/name` or `name` (subpaths dropped). */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || BUILTINS.has(packageOf(specifier));
}

function refusesPackage(list, name) {
  return list.some(
    (entry) => entry === name || (entry.endsWith('/*') && name.startsWith(entry.slice(0, -1))),
  );
}

/** The path relative to src/ of an absolute path, or undefined outside src/. */
function underSrc(srcDir, path) {
  const rel = relative(srcDir, path);
  return rel.startsWith('..') || rel === '' ? undefined : rel.split(sep).join('/');
}

const isTestPath = (rel) => rel.endsWith('.test.ts') || rel.split('/').includes('testing');

/** @type {import('eslint').Rule.RuleModule} */
export const layerBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layering of docs/architecture.md, judged by path' },
    schema: [
      {
        type: 'object',
        properties: { srcDir: { type: 'string' }, layers: { type: 'object' } },
        required: ['srcDir', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      layer: '{{from}} may not import {{to}} ({{specifier}}): {{why}}',
      unknownLayer:
        'src/{{layer}} is not in the layer table of eslint.config.js: add it with what it may import',
      builtin: '{{from}} may not import the Node built-in {{specifier}}: {{why}}',
      package: '{{from}} may not import the package {{specifier}}: {{why}}',
      entry: 'outside src/{{layer}}, import it through src/{{entry}} only ({{specifier}})',
      testing: '{{specifier}} is a test helper: only tests may import testing/ modules',
    },
  },
  create(context) {
    const { srcDir, layers } = /** @type {{ srcDir: string, layers: Record<string, LayerRule> }} */ (
      context.options[0]
    );
    const file = underSrc(srcDir, context.filename);
    if (file === undefined || isTestPath(file)) return {};
    const from = file.split('/')[0];
    const rule = layers[from];

    /** @param {import('estree').Node} node  @param {unknown} value */
    const check = (node, value) => {
      if (typeof value !== 'string') return;
      const specifier = value;
      if (!rule) return context.report({ node, messageId: 'unknownLayer', data: { layer: from } });
      const data = { from: `src/${from}`, specifier, why: rule.why };
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) {
        if (isBuiltin(specifier)) {
          if (rule.nodeBuiltins === false) context.report({ node, messageId: 'builtin', data });
        } else if (refusesPackage(rule.packages ?? [], packageOf(specifier))) {
          context.report({ node, messageId: 'package', data });
        }
        return;
      }
      const target = underSrc(srcDir, resolve(dirname(context.filename), specifier));
      if (target === undefined) return;
      if (isTestPath(target)) return context.report({ node, messageId: 'testing', data });
      const to = target.split('/')[0];
      if (to === from) return;
      if (!rule.may.includes(to)) {
        return context.report({ node, messageId: 'layer', data: { ...data, to: `src/${to}` } });
      }
      const entry = layers[to]?.entry;
      if (entry && target.replace(/\.js$/, '.ts') !== entry) {
        context.report({ node, messageId: 'entry', data: { layer: to, entry, specifier } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

/** The local plugin that carries the rule. */
export default { rules: { 'layer-boundaries': layerBoundaries } };
