// The identity key of an email: only changes that cannot merge two different mailboxes
// (surrounding whitespace, letter case), so it is safe to use for deduplication and login-like
// matching. The deliberately lossy key that folds +tags and Gmail dots, for spotting one person
// behind several addresses, is the referral fraud check's (core/referrals/email-identity.ts).

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
// Printable characters allowed unquoted in a local part (RFC 5322 atext), plus "." handled below.
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

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
