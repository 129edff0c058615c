// Two different notions of "the same email":
// - normalizeEmail: the identity key. Only changes that cannot merge two different mailboxes
//   (surrounding whitespace, letter case), so it is safe to use for deduplication and login-like
//   matching.
// - canonicalEmailForMatching: deliberately lossy (drops +tags, Gmail dots). Two different
//   mailboxes of the same person collapse to one value, which is what a referral fraud check wants
//   and exactly what an identity key must never do.

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
// Printable characters allowed unquoted in a local part (RFC 5322 atext), plus "." handled below.
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

/** Trimmed, lowercased address, or null when it is empty or not a plausible mailbox address. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const email = raw.trim().toLowerCase();
  if (email === "" || email.length > MAX_LENGTH) return null;
  const at = email.lastIndexOf("@");
  if (at <= 0 || at !== email.indexOf("@")) return null;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) return null;
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  // A numeric "top-level domain" means an IP-like or typo'd address, never a deliverable one.
  if (/^\d+$/.test(labels[labels.length - 1] ?? "")) return null;
  return email;
}

/**
 * A lossy key for spotting one person behind several addresses: normalizes, drops a "+tag" on
 * every domain, and for Gmail (which ignores dots and treats googlemail.com as gmail.com) removes
 * dots. Never store it as the customer's email.
 */
export function canonicalEmailForMatching(raw: string | null | undefined): string | null {
  const email = normalizeEmail(raw);
  if (email === null) return null;
  const at = email.lastIndexOf("@");
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const plus = local.indexOf("+");
  // "+tag@x" with nothing before the "+" is a real mailbox name, not a tagged one.
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    domain = "gmail.com";
    const undotted = local.replaceAll(".", "");
    if (undotted !== "") local = undotted;
  }
  return `${local}@${domain}`;
}
