import type { AreaTranslation } from "./area";

// The loyalty program page's card on past orders: whether the orders from before the program's
// start earn points (a backfill from the store), and how the backfill went.

export const loyaltyBackfillEn = {
  "loyaltyBackfill.title": "Past orders",
  "loyaltyBackfill.explain":
    "The program started on {date}: orders paid before then earn no points, unless you let them earn now. They then earn what they would have earned under today's rules, less what was refunded, without a tier's multiplier. Members get no e-mail; the points show in their history.",
  "loyaltyBackfill.expiry":
    "Points from old orders are available at once. If points expire, they expire no earlier than the expiry period counted from today.",
  "loyaltyBackfill.span": "Orders from",
  "loyaltyBackfill.span.all": "the first order",
  "loyaltyBackfill.span.12_months": "the last 12 months",
  "loyaltyBackfill.span.90_days": "the last 90 days",
  "loyaltyBackfill.start": "Let past orders earn points",
  "loyaltyBackfill.confirm.title": "Let past orders earn points?",
  "loyaltyBackfill.confirm.body":
    "Orders from {span} until {date} earn points for their customers. This cannot be undone; you can only adjust points by hand afterwards. Orders that already earned points earn nothing again.",
  "loyaltyBackfill.confirm.yes": "Start",
  "loyaltyBackfill.confirm.no": "Cancel",
  "loyaltyBackfill.started": "Started: {total} orders are being looked at.",
  "loyaltyBackfill.refused.running": "Past orders are already being credited. Wait until that has finished.",
  "loyaltyBackfill.refused.program_off": "Switch the program on first.",
  "loyaltyBackfill.running": "Crediting past orders: {done} of {total} orders looked at. Reload the page to see how far it has come.",
  "loyaltyBackfill.done": "Finished on {time}: {done} orders looked at.",
  "loyaltyBackfill.stopped": "Stopped after {done} of {total} orders because the program was switched off. Start it again to go on.",
  "loyaltyBackfill.failed": "Stopped after {done} of {total} orders because of an error. Start it again to go on; nothing is credited twice.",
  "loyaltyBackfill.failed.reason": "Error: {detail}",
  "loyaltyBackfill.result": "{orders} orders earned {points} points for {members} members.",
} as const;

export const loyaltyBackfillDe: AreaTranslation<typeof loyaltyBackfillEn> = {
  "loyaltyBackfill.title": "Frühere Bestellungen",
  "loyaltyBackfill.explain":
    "Das Programm hat am {date} begonnen: Bestellungen, die davor bezahlt wurden, sammeln keine Punkte – es sei denn, Sie lassen sie jetzt nachträglich Punkte sammeln. Sie erhalten dann, was sie nach den heutigen Regeln erhalten hätten, abzüglich der Erstattungen und ohne den Multiplikator einer Stufe. Mitglieder erhalten keine E-Mail; die Punkte erscheinen in ihrem Verlauf.",
  "loyaltyBackfill.expiry":
    "Punkte aus alten Bestellungen sind sofort verfügbar. Wenn Punkte verfallen, verfallen sie frühestens nach der Verfallsfrist ab heute.",
  "loyaltyBackfill.span": "Bestellungen ab",
  "loyaltyBackfill.span.all": "der ersten Bestellung",
  "loyaltyBackfill.span.12_months": "den letzten 12 Monaten",
  "loyaltyBackfill.span.90_days": "den letzten 90 Tagen",
  "loyaltyBackfill.start": "Frühere Bestellungen Punkte sammeln lassen",
  "loyaltyBackfill.confirm.title": "Frühere Bestellungen Punkte sammeln lassen?",
  "loyaltyBackfill.confirm.body":
    "Bestellungen ab {span} bis zum {date} bringen ihren Kundinnen und Kunden Punkte. Das lässt sich nicht rückgängig machen; danach können Sie Punkte nur noch von Hand anpassen. Bestellungen, die schon Punkte gebracht haben, bringen keine weiteren.",
  "loyaltyBackfill.confirm.yes": "Starten",
  "loyaltyBackfill.confirm.no": "Abbrechen",
  "loyaltyBackfill.started": "Gestartet: {total} Bestellungen werden geprüft.",
  "loyaltyBackfill.refused.running": "Frühere Bestellungen werden bereits gutgeschrieben. Warten Sie, bis das abgeschlossen ist.",
  "loyaltyBackfill.refused.program_off": "Schalten Sie zuerst das Programm ein.",
  "loyaltyBackfill.running":
    "Frühere Bestellungen werden gutgeschrieben: {done} von {total} Bestellungen geprüft. Laden Sie die Seite neu, um den Fortschritt zu sehen.",
  "loyaltyBackfill.done": "Abgeschlossen am {time}: {done} Bestellungen geprüft.",
  "loyaltyBackfill.stopped":
    "Nach {done} von {total} Bestellungen angehalten, weil das Programm ausgeschaltet wurde. Starten Sie erneut, um fortzufahren.",
  "loyaltyBackfill.failed":
    "Nach {done} von {total} Bestellungen wegen eines Fehlers angehalten. Starten Sie erneut, um fortzufahren; nichts wird doppelt gutgeschrieben.",
  "loyaltyBackfill.failed.reason": "Fehler: {detail}",
  "loyaltyBackfill.result": "{orders} Bestellungen haben {members} Mitgliedern {points} Punkte gebracht.",
};
