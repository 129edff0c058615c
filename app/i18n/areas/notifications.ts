import type { AreaTranslation } from "./area";

// The e-mails page: the notices the loyalty program mails to members (points earned, points
// expiring, tier reached), their status, and one mail opened as the member sees it.

export const notificationsEn = {
  "nav.notifications": "E-mails",

  "notifications.title": "E-mails to members",
  "notifications.intro":
    "The loyalty program tells members by e-mail when an order earned them points, when points are about to expire and when they reach a higher tier. Newest first.",
  "notifications.demo.title": "Demo mode: these e-mails would have been sent",
  "notifications.demo.body": "The demo shop's customers are made up, so nothing is sent. Each e-mail below shows what the member would have received.",
  "notifications.unconfigured.title": "No mail server configured: these e-mails would have been sent",
  "notifications.unconfigured.body":
    "Set CRM_SMTP_URL and CRM_MAIL_FROM to send the notices. Until then they are only recorded here.",
  "notifications.empty.title": "No e-mails yet",
  "notifications.empty.body": "E-mails appear here as soon as members earn points, reach a tier or have points about to expire.",
  "notifications.resource.singular": "e-mail",
  "notifications.resource.plural": "e-mails",
  "notifications.column.createdAt": "Created",
  "notifications.column.kind": "Notice",
  "notifications.column.recipient": "Recipient",
  "notifications.column.subject": "Subject",
  "notifications.column.status": "Status",
  "notifications.kind.points_earned": "Points earned",
  "notifications.kind.points_expiring": "Points expiring",
  "notifications.kind.tier_reached": "Tier reached",
  "notifications.kind.referral_friend_code": "Referral code for a friend",
  "notifications.kind.referral_advocate_rewarded": "Referral reward",
  "notifications.status.QUEUED": "Waiting to be sent",
  "notifications.status.SENT": "Sent",
  "notifications.status.FAILED": "Failed",
  "notifications.status.DEMO": "Not sent",
  "notifications.detail.to": "To: {to}",
  "notifications.detail.sentAt": "Sent: {time}",
  "notifications.detail.error": "Reason: {error}",
  "notifications.detail.html": "As the member sees it",
  "notifications.detail.text": "Text version",
  "notifications.detail.close": "Close",
  "notifications.detail.missing": "This e-mail does not exist (any more).",
} as const;

export const notificationsDe: AreaTranslation<typeof notificationsEn> = {
  "nav.notifications": "E-Mails",

  "notifications.title": "E-Mails an Mitglieder",
  "notifications.intro":
    "Das Treueprogramm informiert Mitglieder per E-Mail, wenn eine Bestellung ihnen Punkte gebracht hat, wenn Punkte bald verfallen und wenn sie eine höhere Stufe erreichen. Die neuesten zuerst.",
  "notifications.demo.title": "Demo-Modus: Diese E-Mails wären versendet worden",
  "notifications.demo.body":
    "Die Kunden des Demo-Shops sind erfunden, daher wird nichts versendet. Jede E-Mail unten zeigt, was das Mitglied erhalten hätte.",
  "notifications.unconfigured.title": "Kein Mailserver eingerichtet: Diese E-Mails wären versendet worden",
  "notifications.unconfigured.body":
    "Setzen Sie CRM_SMTP_URL und CRM_MAIL_FROM, um die Benachrichtigungen zu versenden. Bis dahin werden sie hier nur festgehalten.",
  "notifications.empty.title": "Noch keine E-Mails",
  "notifications.empty.body": "E-Mails erscheinen hier, sobald Mitglieder Punkte sammeln, eine Stufe erreichen oder Punkte bald verfallen.",
  "notifications.resource.singular": "E-Mail",
  "notifications.resource.plural": "E-Mails",
  "notifications.column.createdAt": "Erstellt",
  "notifications.column.kind": "Benachrichtigung",
  "notifications.column.recipient": "Empfänger",
  "notifications.column.subject": "Betreff",
  "notifications.column.status": "Status",
  "notifications.kind.points_earned": "Punkte gesammelt",
  "notifications.kind.points_expiring": "Punkte verfallen bald",
  "notifications.kind.tier_reached": "Stufe erreicht",
  "notifications.kind.referral_friend_code": "Empfehlungscode für Geworbene",
  "notifications.kind.referral_advocate_rewarded": "Empfehlungsprämie",
  "notifications.status.QUEUED": "Wartet auf Versand",
  "notifications.status.SENT": "Versendet",
  "notifications.status.FAILED": "Fehlgeschlagen",
  "notifications.status.DEMO": "Nicht versendet",
  "notifications.detail.to": "An: {to}",
  "notifications.detail.sentAt": "Versendet: {time}",
  "notifications.detail.error": "Grund: {error}",
  "notifications.detail.html": "So sieht das Mitglied sie",
  "notifications.detail.text": "Textfassung",
  "notifications.detail.close": "Schließen",
  "notifications.detail.missing": "Diese E-Mail gibt es nicht (mehr).",
};
