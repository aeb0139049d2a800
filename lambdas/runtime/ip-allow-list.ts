import { BlockList, isIPv4, isIPv6 } from "node:net";

/** A token's `whitelist_ip` entry: one address, or a network in CIDR notation. */
interface Range {
  readonly family: 4 | 6;
  readonly bits: bigint;
  readonly prefix: number;
}

function addressBits(address: string, family: 4 | 6): bigint {
  if (family === 4) return address.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
  const [head = "", tail] = address.split("::");
  const groups = (part: string) => (part ? part.split(":") : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return all.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

/**
 * Parses an entry as Net::IP accepts it (Cpanel/Security/Authn/APITokens/Validate.pm): an IPv4 or
 * IPv6 address, optionally `/prefix`, the host bits of a network being zero. Undefined when invalid.
 */
function parseRange(entry: string): Range | undefined {
  const [address = "", prefixText, extra] = entry.split("/");
  if (extra !== undefined) return undefined;
  const family = isIPv4(address) ? 4 : isIPv6(address) && !address.includes(".") ? 6 : undefined;
  if (!family) return undefined;
  const width = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (prefix > width) return undefined;
  const bits = addressBits(address, family);
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  if ((bits & hostMask) !== 0n) return undefined;
  return { family, bits, prefix };
}

function format(range: Range): string {
  const width = range.family === 4 ? 32 : 128;
  const address =
    range.family === 4
      ? [24n, 16n, 8n, 0n].map((shift) => String((range.bits >> shift) & 255n)).join(".")
      : Array.from({ length: 8 }, (_, i) =>
          ((range.bits >> BigInt(112 - 16 * i)) & 0xffffn).toString(16).padStart(4, "0"),
        ).join(":");
  return range.prefix === width ? address : `${address}/${range.prefix}`;
}

/** The entries WHM would refuse (in the order given). */
export function invalidEntries(entries: readonly string[]): string[] {
  return entries.filter((entry) => !parseRange(entry));
}

/**
 * The list as WHM stores it (Write.pm `_normalize_ip_list`): IPv4 before IPv6, by address, without
 * repeats, a single host without its `/32` or `/128`, IPv6 written out in full as Net::IP does.
 */
export function normalizeAllowList(entries: readonly string[]): string[] {
  const ranges = entries.map(parseRange).filter((range): range is Range => range !== undefined);
  ranges.sort((a, b) => a.family - b.family || (a.bits < b.bits ? -1 : a.bits > b.bits ? 1 : 0));
  return [...new Set(ranges.map(format))];
}

/** True when `address` falls inside one of the entries. */
export function allows(entries: readonly string[], address: string): boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const range = parseRange(entry);
    if (!range) continue;
    const type = range.family === 4 ? "ipv4" : "ipv6";
    const [base = ""] = entry.split("/");
    list.addSubnet(base, range.prefix, type);
  }
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  if (isIPv4(plain)) return list.check(plain, "ipv4");
  return isIPv6(plain) && list.check(plain, "ipv6");
}
