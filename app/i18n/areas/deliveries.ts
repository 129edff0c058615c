import type { AreaTranslation } from "./area";

// The webhook problems page: deliveries that are parked, given up or failing, why in plain words,
// and re-running them after a fix. Also the navigation entry and the home page's pointer to it.

export const deliveriesEn = {
  "nav.deliveries": "Webhook problems",

  "deliveries.title": "Webhook problems",
  "deliveries.subtitle": "Deliveries waiting for a fix: {count}",
  "deliveries.intro":
    "Shopify tells the app about every change in your shop by webhook. The deliveries below could not be processed. Each says why and what you can do; after the cause is fixed, re-run them.",
  "deliveries.empty.title": "All webhooks processed",
  "deliveries.empty.body":
    "No delivery from your shop is waiting for a fix. Deliveries that cannot be processed appear here with the reason and a button to re-run them.",
  "deliveries.groups.title": "By kind",
  "deliveries.groups.count": "Affected deliveries: {count}",
  "deliveries.groups.rerunAll": "Re-run all of this kind ({count})",
  "deliveries.list.title": "Individual deliveries",
  "deliveries.resource.singular": "delivery",
  "deliveries.resource.plural": "deliveries",
  "deliveries.column.receivedAt": "Received",
  "deliveries.column.topic": "Topic",
  "deliveries.column.reason": "Reason",
  "deliveries.column.status": "Status",
  "deliveries.column.attempts": "Attempts",
  "deliveries.column.action": "Action",
  "deliveries.rerun": "Re-run",
  "deliveries.status.PARKED": "Parked, waits for a fix",
  "deliveries.status.DEAD": "Given up after 48 hours",
  "deliveries.status.FAILED": "Failing, retried automatically",
  "deliveries.rerun.done":
    "Re-run started, deliveries queued: {count}. They are being processed now; any that still fail show up here again.",
  "deliveries.rerun.none": "Nothing was re-run: these deliveries have been processed meanwhile or are no longer waiting.",
  "deliveries.technical": "Technical details",
  "deliveries.fields": "Fields concerned: {fields}",
  "deliveries.order": "Order waited for: {order}",
  "deliveries.home.banner": "Webhook deliveries waiting for a fix: {count}",
  "deliveries.home.link": "Show webhook problems",

  "deliveries.topic.orders/create": "Order placed",
  "deliveries.topic.orders/updated": "Order changed",
  "deliveries.topic.orders/paid": "Order paid",
  "deliveries.topic.orders/cancelled": "Order cancelled",
  "deliveries.topic.refunds/create": "Refund issued",
  "deliveries.topic.customers/create": "Customer created",
  "deliveries.topic.customers/update": "Customer changed",
  "deliveries.topic.customers/delete": "Customer deleted",
  "deliveries.topic.products/create": "Product created",
  "deliveries.topic.products/update": "Product changed",
  "deliveries.topic.products/delete": "Product deleted",
  "deliveries.topic.app/uninstalled": "App uninstalled",
  "deliveries.topic.app/scopes_update": "App permissions changed",
  "deliveries.topic.bulk_operations/finish": "Import step finished",
  "deliveries.topic.customers/data_request": "Customer data requested",
  "deliveries.topic.customers/redact": "Customer data to be erased",
  "deliveries.topic.shop/redact": "Shop data to be erased",

  "deliveries.reason.invalidText.title": "Text the database cannot store",
  "deliveries.reason.invalidText.explain":
    "The data contains a character that a text field cannot hold, usually an invisible null character or broken encoding, for example in a name or address pasted from another program.",
  "deliveries.reason.invalidText.action":
    "Correct the text in your Shopify admin: Shopify then sends the record again. To process these stored deliveries, re-run them once an app update that cleans such characters is installed.",
  "deliveries.reason.numberTooLarge.title": "A number too large to store",
  "deliveries.reason.numberTooLarge.explain":
    "A number in the data is larger than the field the app keeps it in, for example a quantity or amount far beyond normal values.",
  "deliveries.reason.numberTooLarge.action":
    "Check the record in your Shopify admin for a mistyped value and correct it. If the value is right, the app needs an update; re-run after installing it.",
  "deliveries.reason.invalidValue.title": "A value the database cannot store",
  "deliveries.reason.invalidValue.explain": "A value in the data has a form the database does not accept, for example an impossible date.",
  "deliveries.reason.invalidValue.action":
    "Check the record in your Shopify admin and correct the value. If it is right, the app needs an update; re-run after installing it.",
  "deliveries.reason.duplicate.title": "Stored twice",
  "deliveries.reason.duplicate.explain": "The data would create a record that already exists under the same number.",
  "deliveries.reason.duplicate.action":
    "This is usually an error in the app. Re-run after the update that fixes it; nothing of your shop's data is lost meanwhile.",
  "deliveries.reason.brokenReference.title": "Refers to something missing",
  "deliveries.reason.brokenReference.explain":
    "The data refers to a record that is not in the app yet, for example the customer or product of an order.",
  "deliveries.reason.brokenReference.action":
    "Start a reconciliation on the overview page so that the missing records are fetched, then re-run.",
  "deliveries.reason.dataConflict.title": "Breaks a rule of the store",
  "deliveries.reason.dataConflict.explain": "A required value is missing, or a value breaks a rule of the app's store.",
  "deliveries.reason.dataConflict.action": "This is usually an error in the app. Re-run after the update that fixes it.",
  "deliveries.reason.appFault.title": "Error in the app",
  "deliveries.reason.appFault.explain":
    "The app asked its database for something it cannot do. This is a fault in the app, not in your data.",
  "deliveries.reason.appFault.action":
    "Install the app update that fixes it, or send the technical details to support; then re-run.",
  "deliveries.reason.unreadablePayload.title": "Data the app could not read",
  "deliveries.reason.unreadablePayload.explain":
    "Shopify sent data in a form this app does not understand: a field is missing or has an unexpected value.",
  "deliveries.reason.unreadablePayload.action":
    "The app needs an update to read it; re-run once it is installed. The rest of your data keeps syncing meanwhile.",
  "deliveries.reason.unsupportedTopic.title": "Kind of message not supported",
  "deliveries.reason.unsupportedTopic.explain": "Shopify sent a kind of message that this version of the app does not process.",
  "deliveries.reason.unsupportedTopic.action": "Update the app, then re-run. If you do not need this kind of message, you can leave it.",
  "deliveries.reason.orderNotSynced.title": "Refund before its order",
  "deliveries.reason.orderNotSynced.explain": "The refund arrived before its order, and the order is not in the app yet.",
  "deliveries.reason.orderNotSynced.action":
    "Start a reconciliation on the overview page so that the order is fetched, then re-run.",
  "deliveries.reason.databaseUnavailable.title": "Database unreachable",
  "deliveries.reason.databaseUnavailable.explain":
    "The app could not reach its database: it was restarting, overloaded or offline. The app retries such deliveries by itself for 48 hours.",
  "deliveries.reason.databaseUnavailable.action":
    "Deliveries still being retried need nothing from you. Those given up can be re-run as soon as the database runs again.",
  "deliveries.reason.unknown.title": "Unknown error",
  "deliveries.reason.unknown.explain": "The app could not process this delivery for a reason it cannot put in plain words.",
  "deliveries.reason.unknown.action": "Open the technical details and send them to support. After a fix, re-run.",
} as const;

export const deliveriesDe: AreaTranslation<typeof deliveriesEn> = {
  "nav.deliveries": "Webhook-Probleme",

  "deliveries.title": "Webhook-Probleme",
  "deliveries.subtitle": "Zustellungen, die auf eine Behebung warten: {count}",
  "deliveries.intro":
    "Shopify meldet der App jede Änderung in Ihrem Shop per Webhook. Die Zustellungen unten konnten nicht verarbeitet werden. Zu jeder steht, woran es liegt und was Sie tun können; ist die Ursache behoben, verarbeiten Sie sie erneut.",
  "deliveries.empty.title": "Alle Webhooks verarbeitet",
  "deliveries.empty.body":
    "Keine Zustellung Ihres Shops wartet auf eine Behebung. Zustellungen, die nicht verarbeitet werden können, erscheinen hier mit dem Grund und einer Schaltfläche, um sie erneut zu verarbeiten.",
  "deliveries.groups.title": "Nach Art",
  "deliveries.groups.count": "Betroffene Zustellungen: {count}",
  "deliveries.groups.rerunAll": "Alle dieser Art erneut verarbeiten ({count})",
  "deliveries.list.title": "Einzelne Zustellungen",
  "deliveries.resource.singular": "Zustellung",
  "deliveries.resource.plural": "Zustellungen",
  "deliveries.column.receivedAt": "Empfangen",
  "deliveries.column.topic": "Thema",
  "deliveries.column.reason": "Grund",
  "deliveries.column.status": "Status",
  "deliveries.column.attempts": "Versuche",
  "deliveries.column.action": "Aktion",
  "deliveries.rerun": "Erneut verarbeiten",
  "deliveries.status.PARKED": "Zurückgestellt, wartet auf Behebung",
  "deliveries.status.DEAD": "Nach 48 Stunden aufgegeben",
  "deliveries.status.FAILED": "Fehlgeschlagen, wird automatisch wiederholt",
  "deliveries.rerun.done":
    "Erneute Verarbeitung gestartet, eingereihte Zustellungen: {count}. Sie werden jetzt verarbeitet; was weiterhin scheitert, erscheint hier wieder.",
  "deliveries.rerun.none":
    "Nichts wurde erneut verarbeitet: Diese Zustellungen sind inzwischen verarbeitet oder warten nicht mehr.",
  "deliveries.technical": "Technische Details",
  "deliveries.fields": "Betroffene Felder: {fields}",
  "deliveries.order": "Erwartete Bestellung: {order}",
  "deliveries.home.banner": "Webhook-Zustellungen, die auf eine Behebung warten: {count}",
  "deliveries.home.link": "Webhook-Probleme anzeigen",

  "deliveries.topic.orders/create": "Bestellung aufgegeben",
  "deliveries.topic.orders/updated": "Bestellung geändert",
  "deliveries.topic.orders/paid": "Bestellung bezahlt",
  "deliveries.topic.orders/cancelled": "Bestellung storniert",
  "deliveries.topic.refunds/create": "Erstattung ausgestellt",
  "deliveries.topic.customers/create": "Kunde angelegt",
  "deliveries.topic.customers/update": "Kunde geändert",
  "deliveries.topic.customers/delete": "Kunde gelöscht",
  "deliveries.topic.products/create": "Produkt angelegt",
  "deliveries.topic.products/update": "Produkt geändert",
  "deliveries.topic.products/delete": "Produkt gelöscht",
  "deliveries.topic.app/uninstalled": "App deinstalliert",
  "deliveries.topic.app/scopes_update": "App-Berechtigungen geändert",
  "deliveries.topic.bulk_operations/finish": "Importschritt abgeschlossen",
  "deliveries.topic.customers/data_request": "Kundendaten angefordert",
  "deliveries.topic.customers/redact": "Kundendaten zu löschen",
  "deliveries.topic.shop/redact": "Shopdaten zu löschen",

  "deliveries.reason.invalidText.title": "Text, den die Datenbank nicht speichern kann",
  "deliveries.reason.invalidText.explain":
    "Die Daten enthalten ein Zeichen, das ein Textfeld nicht aufnehmen kann, meist ein unsichtbares Nullzeichen oder eine fehlerhafte Kodierung, etwa in einem Namen oder einer Adresse, die aus einem anderen Programm eingefügt wurde.",
  "deliveries.reason.invalidText.action":
    "Korrigieren Sie den Text in Ihrer Shopify-Verwaltung: Shopify sendet den Datensatz dann erneut. Die hier gespeicherten Zustellungen verarbeiten Sie erneut, sobald ein App-Update installiert ist, das solche Zeichen bereinigt.",
  "deliveries.reason.numberTooLarge.title": "Eine zu große Zahl",
  "deliveries.reason.numberTooLarge.explain":
    "Eine Zahl in den Daten ist größer als das Feld, in dem die App sie speichert, etwa eine Menge oder ein Betrag weit jenseits üblicher Werte.",
  "deliveries.reason.numberTooLarge.action":
    "Prüfen Sie den Datensatz in Ihrer Shopify-Verwaltung auf einen Tippfehler und korrigieren Sie ihn. Stimmt der Wert, braucht die App ein Update; verarbeiten Sie nach der Installation erneut.",
  "deliveries.reason.invalidValue.title": "Ein Wert, den die Datenbank nicht speichern kann",
  "deliveries.reason.invalidValue.explain":
    "Ein Wert in den Daten hat eine Form, die die Datenbank nicht annimmt, etwa ein unmögliches Datum.",
  "deliveries.reason.invalidValue.action":
    "Prüfen Sie den Datensatz in Ihrer Shopify-Verwaltung und korrigieren Sie den Wert. Stimmt er, braucht die App ein Update; verarbeiten Sie nach der Installation erneut.",
  "deliveries.reason.duplicate.title": "Doppelt gespeichert",
  "deliveries.reason.duplicate.explain": "Die Daten würden einen Datensatz anlegen, den es unter derselben Nummer schon gibt.",
  "deliveries.reason.duplicate.action":
    "Das ist meist ein Fehler der App. Verarbeiten Sie nach dem Update, das ihn behebt, erneut; von den Daten Ihres Shops geht bis dahin nichts verloren.",
  "deliveries.reason.brokenReference.title": "Verweist auf etwas Fehlendes",
  "deliveries.reason.brokenReference.explain":
    "Die Daten verweisen auf einen Datensatz, der noch nicht in der App ist, etwa den Kunden oder das Produkt einer Bestellung.",
  "deliveries.reason.brokenReference.action":
    "Starten Sie auf der Übersicht einen Abgleich, damit die fehlenden Datensätze geholt werden, und verarbeiten Sie dann erneut.",
  "deliveries.reason.dataConflict.title": "Verstößt gegen eine Regel des Speichers",
  "deliveries.reason.dataConflict.explain": "Ein Pflichtwert fehlt, oder ein Wert verstößt gegen eine Regel des Speichers der App.",
  "deliveries.reason.dataConflict.action": "Das ist meist ein Fehler der App. Verarbeiten Sie nach dem Update, das ihn behebt, erneut.",
  "deliveries.reason.appFault.title": "Fehler in der App",
  "deliveries.reason.appFault.explain":
    "Die App hat ihre Datenbank um etwas gebeten, das diese nicht ausführen kann. Das ist ein Fehler der App, nicht Ihrer Daten.",
  "deliveries.reason.appFault.action":
    "Installieren Sie das App-Update, das ihn behebt, oder senden Sie die technischen Details an den Support; verarbeiten Sie dann erneut.",
  "deliveries.reason.unreadablePayload.title": "Daten, die die App nicht lesen konnte",
  "deliveries.reason.unreadablePayload.explain":
    "Shopify hat Daten in einer Form gesendet, die diese App nicht versteht: Ein Feld fehlt oder hat einen unerwarteten Wert.",
  "deliveries.reason.unreadablePayload.action":
    "Die App braucht ein Update, um sie zu lesen; verarbeiten Sie nach der Installation erneut. Ihre übrigen Daten werden währenddessen weiter abgeglichen.",
  "deliveries.reason.unsupportedTopic.title": "Nachrichtenart nicht unterstützt",
  "deliveries.reason.unsupportedTopic.explain": "Shopify hat eine Art von Nachricht gesendet, die diese Version der App nicht verarbeitet.",
  "deliveries.reason.unsupportedTopic.action":
    "Aktualisieren Sie die App und verarbeiten Sie dann erneut. Brauchen Sie diese Art von Nachricht nicht, können Sie sie liegen lassen.",
  "deliveries.reason.orderNotSynced.title": "Erstattung vor ihrer Bestellung",
  "deliveries.reason.orderNotSynced.explain":
    "Die Erstattung ist vor ihrer Bestellung eingetroffen, und die Bestellung ist noch nicht in der App.",
  "deliveries.reason.orderNotSynced.action":
    "Starten Sie auf der Übersicht einen Abgleich, damit die Bestellung geholt wird, und verarbeiten Sie dann erneut.",
  "deliveries.reason.databaseUnavailable.title": "Datenbank nicht erreichbar",
  "deliveries.reason.databaseUnavailable.explain":
    "Die App konnte ihre Datenbank nicht erreichen: Sie wurde neu gestartet, war überlastet oder nicht verfügbar. Solche Zustellungen versucht die App 48 Stunden lang selbst erneut.",
  "deliveries.reason.databaseUnavailable.action":
    "Zustellungen, die noch wiederholt werden, brauchen nichts von Ihnen. Aufgegebene verarbeiten Sie erneut, sobald die Datenbank wieder läuft.",
  "deliveries.reason.unknown.title": "Unbekannter Fehler",
  "deliveries.reason.unknown.explain": "Die App konnte diese Zustellung aus einem Grund nicht verarbeiten, den sie nicht in einfachen Worten erklären kann.",
  "deliveries.reason.unknown.action":
    "Öffnen Sie die technischen Details und senden Sie sie an den Support. Verarbeiten Sie nach einer Behebung erneut.",
};
