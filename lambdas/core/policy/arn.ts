import { all, invalid, type Judgement, maybe, NO, YES } from './judgement.js';
import { expandVariables, type VariableResolver } from './variables.js';
import { matchPattern } from './wildcard.js';

/** The six colon-separated parts of an ARN; `resource` is everything after the fifth colon. */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

function splitSix(text: string, skipVariables: boolean): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  while (i < text.length && parts.length < 5) {
    if (skipVariables && text.startsWith('${', i)) {
      const close = text.indexOf('}', i + 2);
      if (close > 0) {
        i = close + 1;
        continue;
      }
    }
    if (text[i] === ':') {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
    i += 1;
  }
  if (parts.length < 5) return undefined;
  parts.push(text.slice(from));
  return parts;
}

/** Parses `arn:partition:service:region:account:resource`; `undefined` when `text` is not an ARN. */
export function parseArn(text: string): Arn | undefined {
  const parts = splitSix(text, false);
  if (parts === undefined || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = '', resource = ''] = parts;
  return { partition, service, region, account, resource };
}

function matchWhole(pattern: string, value: string, resolve: VariableResolver | undefined): Judgement {
  const expanded = expandVariables(pattern, resolve, true);
  if (expanded.kind === 'invalid')
    return invalid(`policy variable \${${expanded.variable}} has no value in this request`);
  if (expanded.kind === 'unknown') {
    return maybe(`policy variable \${${expanded.variable}} is unknown for this request`, expanded);
  }
  return matchPattern(expanded.pattern, value) ? YES : NO;
}

/**
 * ARN matching for `Resource` and `ArnLike`/`ArnEquals`: case-sensitive, each of the six colon-delimited parts matched
 * on its own, so a wildcard never spans a colon before the resource part.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
export function matchArn(pattern: string, value: string, resolve: VariableResolver | undefined): Judgement {
  if (pattern === '*') return YES;
  const patternParts = splitSix(pattern, resolve !== undefined);
  const valueParts = splitSix(value, false);
  if (patternParts === undefined || valueParts === undefined) return matchWhole(pattern, value, resolve);
  return all(patternParts.map((part, i) => matchWhole(part, valueParts[i] ?? '', resolve)));
}
