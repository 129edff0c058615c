import { domainToASCII } from "node:url";
import { normalizeEmail } from "~/core/customers/email";

// The key that shows one mailbox behind differently written addresses, for the referral fraud
// check ("is the friend the advocate?"). It is deliberately lossy and must never be stored as a
// customer's e-mail or used to merge customers: the identity key stays normalizeEmail.
//
// What it folds, and what it assumes:
// - Case, surrounding whitespace, Unicode composition (NFC), and IDN domains to their ASCII form
//   ("müller.de" ≡ "xn--mller-kva.de"), through the WHATWG/UTS 46 mapping of node:url.
// - A "+tag" on EVERY domain, not only on the providers known to deliver sub-addresses (Gmail,
//   Outlook/Hotmail/Live, iCloud, Fastmail, Proton, Posteo, mailbox.org): Google Workspace,
//   Microsoft 365 and common mail servers (Postfix's recipient_delimiter) do it for custom domains
//   too, and a real mailbox with a "+" in its name is rare. GMX and WEB.DE have no sub-addressing
//   (their extra addresses are free-form aliases that no rule can tie together), so dropping a "+"
//   there cannot merge two of their mailboxes either.
// - Dots only for Gmail (googlemail.com is gmail.com); everywhere else dots are part of the name.
// - Domains that are one namespace under several names: googlemail.com, me.com and mac.com
//   (iCloud), protonmail.com/.ch and pm.me (Proton). Outlook's hotmail/outlook/live domains are
//   separate namespaces and stay apart.
// - Fastmail's subdomain addressing: anything@name.fastmail.com is name@fastmail.com.
// - Not folded: Yahoo's "base-keyword" disposable addresses (the base is chosen freely, not the
//   account's name), and catch-all domains (anything@own-domain): no normalization can see those.

const SAME_MAILBOX_DOMAIN: ReadonlyMap<string, string> = new Map([
  ["googlemail.com", "gmail.com"],
  ["me.com", "icloud.com"],
  ["mac.com", "icloud.com"],
  ["protonmail.com", "proton.me"],
  ["protonmail.ch", "proton.me"],
  ["pm.me", "proton.me"],
]);
const DOTS_IGNORED = new Set(["gmail.com"]);
const FASTMAIL_SUBDOMAIN = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.fastmail\.com$/;

/** The mailbox an address reaches, as one comparable string; null when it is no e-mail address. */
export function emailIdentityKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const email = normalizeEmail(raw.normalize("NFC"));
  if (email === null) return null;
  const at = email.lastIndexOf("@");
  let local = email.slice(0, at);
  let domain = domainToASCII(email.slice(at + 1));
  if (domain === "") return null;

  const fastmail = FASTMAIL_SUBDOMAIN.exec(domain);
  if (fastmail) {
    local = fastmail[1]!;
    domain = "fastmail.com";
  }
  domain = SAME_MAILBOX_DOMAIN.get(domain) ?? domain;
  const plus = local.indexOf("+");
  // "+tag@x" with nothing before the "+" is a mailbox name, not a tagged one. A dot left at the
  // end ("ana.+x") is no part of a valid name: it goes too, so the key is a valid address again.
  if (plus > 0) local = local.slice(0, plus).replace(/\.+$/, "");
  if (DOTS_IGNORED.has(domain)) {
    const undotted = local.replaceAll(".", "");
    if (undotted !== "") local = undotted;
  }
  return `${local}@${domain}`;
}
