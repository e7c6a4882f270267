import type { Command } from 'commander';

/** The shells `orch-cli completion` writes scripts for. */
export const COMPLETION_SHELLS = ['bash', 'zsh'] as const;
/** One of {@link COMPLETION_SHELLS}. */
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** Every command path (`os-profile list`, `list osp`, ...) and the words that may follow it. */
export function completionTable(program: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const visit = (command: Command, path: string[]) => {
    const words = [
      ...command.commands.flatMap((c) => [c.name(), ...c.aliases()]),
      ...command.options.flatMap((o) => [o.long, o.short].filter((x): x is string => Boolean(x))),
      '--help',
    ];
    table.set(path.join(' '), [...new Set(words)]);
    for (const sub of command.commands) {
      for (const name of [sub.name(), ...sub.aliases()]) visit(sub, [...path, name]);
    }
  };
  visit(program, []);
  return table;
}

/** A bash script: completes the words after the longest known command path typed so far. */
function bashScript(table: Map<string, string[]>): string {
  const cases = [...table].map(([path, words]) => `    "${path}") words="${words.join(' ')}" ;;`).join('\n');
  return `# orch-cli bash completion: source <(orch-cli completion bash)
_orch_cli() {
  local cur path="" i words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) continue ;; esac
    __orch_cli_known "\${path:+$path }\${COMP_WORDS[i]}" && path="\${path:+$path }\${COMP_WORDS[i]}"
  done
  __orch_cli_words "$path"
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
__orch_cli_known() { local words; __orch_cli_words "$1"; [ -n "$words" ]; }
__orch_cli_words() {
  words=""
  case "$1" in
${cases}
  esac
}
complete -F _orch_cli orch-cli
`;
}

/** A zsh script: the bash logic through zsh's bashcompinit. */
function zshScript(table: Map<string, string[]>): string {
  return `#compdef orch-cli
# orch-cli zsh completion: source <(orch-cli completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(table)}`;
}

/** The completion script for `shell`, built from the program's own commands and options. */
export function completionScript(program: Command, shell: CompletionShell): string {
  const table = completionTable(program);
  return shell === 'bash' ? bashScript(table) : zshScript(table);
}
