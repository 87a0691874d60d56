/**
 * Naming the statement `SimulatePrincipalPolicy` matched: the simulator reports where in the policy document the
 * statement starts (`StartPosition{Line, Column}`), not its `Sid`. Reading the statement object at that position out
 * of the document (as IAM stores it, URL-decoded) gives its `Sid`, `Effect` and index.
 */
import type { PolicyPositionFact } from './facts.js';

/** A statement found in a policy document. */
export interface LocatedStatement {
  readonly sid?: string;
  readonly effect?: string;
  /** Position in the `Statement` array, from 0, when it could be told. */
  readonly index?: number;
}

/** Offset of a 1-based line and a column in `text` (the column is tried 1-based, then 0-based). */
function offsetsOf(text: string, position: PolicyPositionFact): number[] {
  const lines = text.split('\n');
  if (position.Line < 1 || position.Line > lines.length) return [];
  let offset = 0;
  for (let i = 0; i < position.Line - 1; i++) offset += (lines[i]?.length ?? 0) + 1;
  return [offset + position.Column - 1, offset + position.Column].filter((o) => o >= 0 && o < text.length);
}

/** The index of the `}` that closes the object opening at `start`, skipping strings. */
function closingBrace(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}

/** The `{` at `offset`, or the nearest one before it with only whitespace between. */
function openingBrace(text: string, offset: number): number | undefined {
  for (let i = offset; i >= 0; i--) {
    const c = text[i];
    if (c === '{') return i;
    if (c !== undefined && !/\s/.test(c)) return undefined;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The index of a statement (by its JSON text) in the document's `Statement` array. */
function indexIn(document: string, statement: Record<string, unknown>): number | undefined {
  try {
    const parsed: unknown = JSON.parse(document);
    const raw = isRecord(parsed) ? parsed.Statement : undefined;
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    const wanted = JSON.stringify(statement);
    const index = list.findIndex((s) => JSON.stringify(s) === wanted);
    return index >= 0 ? index : undefined;
  } catch {
    return undefined;
  }
}

/** The statement that starts at `position` in `document`, or `undefined` when the position does not point at one. */
export function statementAt(document: string, position: PolicyPositionFact): LocatedStatement | undefined {
  for (const offset of offsetsOf(document, position)) {
    const start = openingBrace(document, offset);
    if (start === undefined) continue;
    const end = closingBrace(document, start);
    if (end === undefined) continue;
    let statement: unknown;
    try {
      statement = JSON.parse(document.slice(start, end + 1));
    } catch {
      continue;
    }
    if (!isRecord(statement) || (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')) continue;
    const index = indexIn(document, statement);
    return {
      ...(typeof statement.Sid === 'string' && statement.Sid !== '' ? { sid: statement.Sid } : {}),
      effect: statement.Effect,
      ...(index === undefined ? {} : { index }),
    };
  }
  return undefined;
}
