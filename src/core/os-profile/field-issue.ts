import { OrchError } from '../errors/index.js';

/**
 * One broken rule of one field. `rule` is a stable id (`name.length`, `imageUrl.http`, ...) that
 * clients may match on; `message` is the one human sentence for that rule, identical in orchd, the
 * CLI and the web console because all three build it with the same function.
 */
export interface FieldIssue {
  /** EMF JSON field name (`imageUrl`), or `body` for problems with the body as a whole. */
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** Outcome of applying rules: the normalised value, or every issue found (never an empty list). */
export type RuleOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** What the rules need from its surroundings, passed in so it stays pure and testable. */
export interface RuleContext {
  /** Base URL that relative image paths (EMT defaults) resolve against, e.g. the default below. */
  readonly releaseServiceUrl: string;
  /** The time certificates are checked against; never read from the clock here. */
  readonly now: Date;
}

/** A rule: its stable id and the message builder that is the only source of its text. */
export interface Rule<A extends readonly unknown[] = []> {
  readonly id: string;
  readonly message: (...args: A) => string;
}

/** Longest piece of client input a message repeats, in characters. */
export const QUOTED_INPUT_MAX_LENGTH = 64;

/** Client input cut to 64 characters with '...', so a huge value cannot make a huge message. */
export function truncateInput(value: string): string {
  const chars = [...value.slice(0, 4 * QUOTED_INPUT_MAX_LENGTH)];
  return chars.length > QUOTED_INPUT_MAX_LENGTH
    ? `${chars.slice(0, QUOTED_INPUT_MAX_LENGTH - 3).join('')}...`
    : value;
}

/** Client input as a message shows it: cut like {@link truncateInput}, JSON-quoted so blanks show. */
export function quoteInput(value: string): string {
  return JSON.stringify(truncateInput(value));
}

/** Names in a message: all of them up to ten, then how many more; each cut like truncateInput. */
export function listInputs(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).map(truncateInput).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** Declares a rule; frozen so no layer can reword a message. */
export function rule<A extends readonly unknown[] = []>(
  id: string,
  message: (...args: A) => string,
): Rule<A> {
  return Object.freeze({ id, message });
}

/** Builds the issue of `field` breaking `r`, with the rule's own message. */
export function fieldIssue<A extends readonly unknown[]>(field: string, r: Rule<A>, ...args: A): FieldIssue {
  return { field, rule: r.id, message: r.message(...args) };
}

/** Shorthands for results, so rule functions read as `return ok(x)` / `return fail(issue)`. */
export const ok = <T>(value: T): RuleOutcome<T> => ({ ok: true, value });
export const fail = <T = never>(...issues: FieldIssue[]): RuleOutcome<T> => ({ ok: false, issues });

/**
 * How many issues an error reports. A body with 55,000 bad metadata keys produced a 12 MB answer
 * and a 4.7 MB log line; the first few point at the problem, and the count says how big it is.
 */
export const REPORTED_ISSUES_MAX = 20;

/**
 * Turns issues into the API error: `InvalidArgument` whose message is the single issue's message,
 * or the messages joined by a space when there are several, with the issues in `details.issues`
 * so clients can point at each field. Past {@link REPORTED_ISSUES_MAX} only the first are reported,
 * the message ends with how many more there are, and `details.issueCount` holds the total (only
 * then).
 */
export function issuesToError(issues: readonly FieldIssue[]): OrchError {
  const shown = issues.slice(0, REPORTED_ISSUES_MAX);
  const more = issues.length - shown.length;
  const messages = shown.map((issue) => issue.message);
  if (more > 0) messages.push(`(and ${more} more issue${more === 1 ? '' : 's'})`);
  const message = issues.length === 0 ? 'The request is invalid.' : messages.join(' ');
  return new OrchError('InvalidArgument', message, {
    details: { issues: shown.map((i) => ({ ...i })), ...(more > 0 ? { issueCount: issues.length } : {}) },
  });
}
