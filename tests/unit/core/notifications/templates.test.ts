import { describe, expect, test } from "vitest";
import { escapeHtml } from "~/core/notifications/templates/mail-layout";
import { pointsEarnedMail } from "~/core/notifications/templates/points-earned";
import { pointsExpiringMail } from "~/core/notifications/templates/points-expiring";
import { referralFriendCodeMail } from "~/core/notifications/templates/referral-friend-code";
import { tierReachedMail } from "~/core/notifications/templates/tier-reached";
import type { MailContent } from "~/core/notifications/templates/mail-layout";

// The notices' texts: German (formal) and English, figures as each language writes them, and no
// markup from any name in the HTML part.

const SHOP = "Kaffee & Tee";
const HOSTILE = `Böse <script>alert("x")</script> & 'Co'`;

const earned = { points: 1250, orderName: "#1042", pendingUntil: new Date("2024-05-28T10:00:00Z"), balance: 12345 };
const expiring = { level: "warning" as const, points: 1, expiresAt: new Date("2025-01-31T12:00:00Z"), balance: 2500 };
const tier = { tierName: "Silber", multiplier: 1.25, entryRewardPoints: 100 };

describe("points earned", () => {
  test("German: formal, German figures and date", () => {
    const mail = pointsEarnedMail(SHOP, "de", earned);
    expect(mail.subject).toBe("Sie haben 1.250 Punkte bei Kaffee & Tee gesammelt");
    expect(mail.text).toContain("vielen Dank für Ihre Bestellung #1042. Dafür haben Sie 1.250 Punkte gesammelt.");
    expect(mail.text).toContain("ab dem 28.05.2024 einlösen");
    expect(mail.text).toContain("Ihr Punktestand: 12.345 Punkte.");
    expect(mail.html).toContain('<html lang="de">');
  });

  test("English: English figures and date", () => {
    const mail = pointsEarnedMail(SHOP, "en", earned);
    expect(mail.subject).toBe("You earned 1,250 points at Kaffee & Tee");
    expect(mail.text).toContain("Thank you for your order #1042. It earned you 1,250 points.");
    expect(mail.text).toContain("from May 28, 2024");
    expect(mail.text).toContain("Your balance: 12,345 points.");
  });

  test("points available at once say nothing about a date", () => {
    const mail = pointsEarnedMail(SHOP, "de", { ...earned, pendingUntil: null });
    expect(mail.text).not.toContain("einlösen");
  });
});

describe("points expiring", () => {
  test("a warning, singular point, in both languages", () => {
    const de = pointsExpiringMail(SHOP, "de", expiring);
    expect(de.subject).toBe("Ihre Punkte bei Kaffee & Tee verfallen am 31.01.2025");
    expect(de.text).toContain("1 Punkt aus Ihrem Punktestand verfällt am 31.01.2025. Lösen Sie ihn bis dahin bei Kaffee & Tee ein, damit er nicht verloren geht.");
    expect(de.text).toContain("Ihr Punktestand: 2.500 Punkte.");
    const en = pointsExpiringMail(SHOP, "en", expiring);
    expect(en.subject).toBe("Your points at Kaffee & Tee expire on Jan 31, 2025");
    expect(en.text).toContain("1 point of your balance expires on Jan 31, 2025. Redeem it at Kaffee & Tee before then so it is not lost.");
  });

  test("the last chance says so in the subject", () => {
    expect(pointsExpiringMail(SHOP, "de", { ...expiring, level: "last_chance", points: 300 }).subject).toBe("Letzte Erinnerung: 300 Punkte verfallen am 31.01.2025");
    expect(pointsExpiringMail(SHOP, "en", { ...expiring, level: "last_chance", points: 300 }).subject).toBe("Last reminder: 300 points expire on Jan 31, 2025");
  });
});

describe("tier reached", () => {
  test("the tier, its multiplier and its welcome gift", () => {
    const de = tierReachedMail(SHOP, "de", tier);
    expect(de.subject).toBe("Willkommen im Status Silber bei Kaffee & Tee");
    expect(de.text).toContain("das 1,25-Fache an Punkten");
    expect(de.text).toContain("100 Punkte gutgeschrieben");
    const en = tierReachedMail(SHOP, "en", { ...tier, tierName: "Silver" });
    expect(en.text).toContain("1.25 times the points");
    expect(en.text).toContain("we added 100 points");
  });

  test("no multiplier and no gift: neither is mentioned", () => {
    const mail = tierReachedMail(SHOP, "en", { tierName: "Bronze", multiplier: 1, entryRewardPoints: 0 });
    expect(mail.text).not.toMatch(/times|gift/);
  });
});

describe("no markup from names", () => {
  const mails: Array<[string, MailContent]> = [
    ["points earned", pointsEarnedMail(HOSTILE, "de", { ...earned, orderName: "<b>#1</b>" })],
    ["points expiring", pointsExpiringMail(HOSTILE, "en", expiring)],
    ["tier reached", tierReachedMail(HOSTILE, "en", { ...tier, tierName: "<img src=x onerror=alert(1)>" })],
  ];
  test.each(mails)("%s: the HTML holds the names as text only", (_kind, mail) => {
    expect(mail.html).not.toMatch(/<script|<img|<b>|onerror=alert\(1\)>/);
    expect(mail.html).toContain(escapeHtml(HOSTILE));
    expect(mail.html).toContain("Böse &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;");
    // The text part is plain text: names stay as they are.
    expect(mail.text).toContain(HOSTILE);
  });
});

describe("why the recipient gets the mail", () => {
  const friend = { code: "FREUND-ABCDEFGH23", rewardText: "10,00 € Rabatt", minimumText: "ab 30,00 € Bestellwert", expiresAt: new Date("2027-01-03T12:00:00Z"), shopUrl: "https://kaffee.example" };

  test("a member's notice says they are a member of the loyalty program", () => {
    expect(pointsEarnedMail(SHOP, "de", earned).text).toContain("als Mitglied des Treueprogramms von Kaffee & Tee");
    expect(pointsEarnedMail(SHOP, "en", earned).text).toContain("as a member of the loyalty program of Kaffee & Tee");
  });

  test("a referred friend's code mail says they asked for the code, not that they are a member", () => {
    for (const locale of ["de", "en"] as const) {
      const mail = referralFriendCodeMail(SHOP, locale, friend);
      expect(mail.text).toContain(locale === "de" ? "einen Empfehlungscode angefordert" : "asked Kaffee & Tee for a referral code");
      expect(mail.text).not.toMatch(/Treueprogramm|loyalty program/);
      expect(mail.html).toContain(escapeHtml(locale === "de" ? "weil Sie bei Kaffee & Tee einen Empfehlungscode" : "because you asked Kaffee & Tee"));
    }
  });
});
