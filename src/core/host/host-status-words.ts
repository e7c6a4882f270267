import type { FilterNode } from '../filter/filter-ast.js';

/**
 * EMF's orch-cli filters hosts with lower-case lifecycle words (`list host --filter onboarded`
 * sends `hostStatus='onboarded'`); edge-orch's hostStatus holds EMF's status words (`Not
 * Connected`, `Booting`, `Rebooting`, `Running`, `Error`). Each lifecycle word stands for the
 * stored fields that say the same, so the filter selects the hosts a list shows in that state.
 */
const LIFECYCLE_WORDS: Readonly<Record<string, { field: string; value: string }>> = {
  registered: { field: 'currentState', value: 'HOST_STATE_REGISTERED' },
  onboarded: { field: 'currentState', value: 'HOST_STATE_ONBOARDED' },
  invalidated: { field: 'currentState', value: 'HOST_STATE_UNTRUSTED' },
  provisioned: { field: 'hostStatus', value: 'Running' },
  error: { field: 'hostStatusIndicator', value: 'STATUS_INDICATION_ERROR' },
  // orch-cli's "not connected"
  '': { field: 'hostStatus', value: 'Not Connected' },
};

/** The filter with orch-cli's `hostStatus='<word>'` (and `!=`) comparisons replaced by what they mean. */
export function withHostStatusWords(node: FilterNode): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { ...node, operands: node.operands.map(withHostStatusWords) };
    case 'not':
      return { ...node, operand: withHostStatusWords(node.operand) };
    case 'compare': {
      if (node.field !== 'hostStatus' && node.field !== 'host_status') return node;
      if (node.op !== '=' && node.op !== '!=') return node;
      if (node.value.wildcardParts) return node;
      const meaning = Object.hasOwn(LIFECYCLE_WORDS, node.value.text)
        ? LIFECYCLE_WORDS[node.value.text]
        : undefined;
      if (!meaning) return node;
      return {
        ...node,
        field: meaning.field,
        value: { text: meaning.value, quoted: true, position: node.value.position },
      };
    }
    default:
      return node;
  }
}
