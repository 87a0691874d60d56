/**
 * IP address matching for `IpAddress`/`NotIpAddress`: IPv4 and IPv6, CIDR notation, `/32` (or `/128`) when the
 * prefix is omitted.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 */

interface Address {
  readonly version: 4 | 6;
  readonly value: bigint;
}

/** A CIDR block. */
export interface Cidr extends Address {
  readonly prefix: number;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  const parts = text.split(':');
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseV4(part);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 2 && fill < 1) || (halves.length === 1 && fill !== 0)) return undefined;
  const groups = [...head, ...Array<number>(Math.max(fill, 0)).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parses `203.0.113.0/24`, `2001:DB8::/32` or a bare address; `undefined` when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const v4 = parseV4(address);
  const version = v4 === undefined ? 6 : 4;
  const value = v4 ?? (address.includes(':') ? parseV6(address) : undefined);
  if (value === undefined) return undefined;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  return prefix > max ? undefined : { version, value, prefix };
}

/** Whether the address `ip` lies in `cidr` (both as text). Malformed input never matches. */
export function ipInCidr(ip: string, cidr: string): boolean {
  const address = parseCidr(ip);
  const block = parseCidr(cidr);
  if (address === undefined || block === undefined || address.version !== block.version) return false;
  const width = BigInt(block.version === 4 ? 32 : 128);
  const shift = width - BigInt(block.prefix);
  return address.value >> shift === block.value >> shift;
}
