import type { AreaTranslation } from "./area";

// The loyalty program page's card on the checkout discount: the platform's automatic discount
// that gives signed-in members their tier's perk without a code, and how its upkeep went.

export const checkoutDiscountEn = {
  "checkoutDiscount.title": "Checkout discount",
  "checkoutDiscount.help":
    "Signed-in members get their tier's checkout perk without a code, through an automatic discount in Shopify that the app creates and keeps up to date with the program's settings.",
  "checkoutDiscount.badge.active": "Active",
  "checkoutDiscount.badge.noPerks": "Not needed",
  "checkoutDiscount.badge.off": "Off",
  "checkoutDiscount.badge.demo": "Demo",
  "checkoutDiscount.badge.waiting": "Waiting",
  "checkoutDiscount.badge.failed": "Failed",
  "checkoutDiscount.active": "Applies the perks of settings version {version}. Last brought up to date: {time}.",
  "checkoutDiscount.noPerks":
    "No tier has a checkout perk in settings version {version}, so no member gets a discount at checkout (checked {time}). Give a tier a perk in the settings to use it.",
  "checkoutDiscount.off": "The program is switched off: the discount has ended and gives nothing (settings version {version}, {time}).",
  "checkoutDiscount.demo":
    "The demo is not connected to a Shopify store, so no automatic discount was created. Settings version {version} was recorded on {time}; in a real shop the app would now create the discount and keep it up to date.",
  "checkoutDiscount.waiting": "Being brought up to settings version {version}. This usually takes a few seconds; reload the page to see the result.",
  "checkoutDiscount.failed": "Settings version {version} could not be applied to the discount in Shopify.",
  "checkoutDiscount.failed.inForce": "Until then, checkout keeps the perks of settings version {version}.",
  "checkoutDiscount.failed.noneInForce": "Until then, members get no perk at checkout.",
  "checkoutDiscount.failed.reason": "Shopify's answer: {detail}",
  "checkoutDiscount.todo.function_missing":
    "The app's discount function is not installed in your shop. Deploy the app's extensions (shopify app deploy) or update the app, then try again.",
  "checkoutDiscount.todo.no_access":
    "The app may not change your shop's discounts. Open the app from your Shopify admin and approve the permissions it asks for, then try again.",
  "checkoutDiscount.todo.unavailable":
    "Shopify could not be reached, even after several attempts over a few minutes. Try again later; the app also tries again when it restarts.",
  "checkoutDiscount.todo.rejected":
    "Check the settings' checkout perks and the discount in Shopify's Discounts page, then try again. If it fails again, send this message to support.",
  "checkoutDiscount.retry": "Try again",
  "checkoutDiscount.retried": "Trying again now.",
} as const;

export const checkoutDiscountDe: AreaTranslation<typeof checkoutDiscountEn> = {
  "checkoutDiscount.title": "Rabatt an der Kasse",
  "checkoutDiscount.help":
    "Angemeldete Mitglieder erhalten den Kassenvorteil ihrer Stufe ohne Code – über einen automatischen Rabatt in Shopify, den die App anlegt und mit den Einstellungen des Programms aktuell hält.",
  "checkoutDiscount.badge.active": "Aktiv",
  "checkoutDiscount.badge.noPerks": "Nicht nötig",
  "checkoutDiscount.badge.off": "Aus",
  "checkoutDiscount.badge.demo": "Demo",
  "checkoutDiscount.badge.waiting": "Wartet",
  "checkoutDiscount.badge.failed": "Fehlgeschlagen",
  "checkoutDiscount.active": "Wendet die Vorteile der Einstellungsversion {version} an. Zuletzt aktualisiert: {time}.",
  "checkoutDiscount.noPerks":
    "In Einstellungsversion {version} hat keine Stufe einen Kassenvorteil, daher erhält kein Mitglied an der Kasse einen Rabatt (geprüft am {time}). Geben Sie einer Stufe in den Einstellungen einen Vorteil, um ihn zu nutzen.",
  "checkoutDiscount.off": "Das Programm ist ausgeschaltet: Der Rabatt ist beendet und gewährt nichts (Einstellungsversion {version}, {time}).",
  "checkoutDiscount.demo":
    "Die Demo ist mit keinem Shopify-Shop verbunden, daher wurde kein automatischer Rabatt angelegt. Einstellungsversion {version} wurde am {time} vermerkt; in einem echten Shop würde die App den Rabatt jetzt anlegen und aktuell halten.",
  "checkoutDiscount.waiting":
    "Wird auf Einstellungsversion {version} gebracht. Das dauert meist wenige Sekunden; laden Sie die Seite neu, um das Ergebnis zu sehen.",
  "checkoutDiscount.failed": "Einstellungsversion {version} konnte nicht auf den Rabatt in Shopify übertragen werden.",
  "checkoutDiscount.failed.inForce": "Bis dahin gelten an der Kasse die Vorteile der Einstellungsversion {version}.",
  "checkoutDiscount.failed.noneInForce": "Bis dahin erhalten Mitglieder an der Kasse keinen Vorteil.",
  "checkoutDiscount.failed.reason": "Antwort von Shopify: {detail}",
  "checkoutDiscount.todo.function_missing":
    "Die Rabattfunktion der App ist in Ihrem Shop nicht installiert. Veröffentlichen Sie die Erweiterungen der App (shopify app deploy) oder aktualisieren Sie die App und versuchen Sie es dann erneut.",
  "checkoutDiscount.todo.no_access":
    "Die App darf die Rabatte Ihres Shops nicht ändern. Öffnen Sie die App in Ihrem Shopify-Admin, bestätigen Sie die angefragten Berechtigungen und versuchen Sie es dann erneut.",
  "checkoutDiscount.todo.unavailable":
    "Shopify war auch nach mehreren Versuchen über einige Minuten nicht erreichbar. Versuchen Sie es später erneut; die App versucht es außerdem bei ihrem nächsten Start.",
  "checkoutDiscount.todo.rejected":
    "Prüfen Sie die Kassenvorteile in den Einstellungen und den Rabatt auf der Rabattseite von Shopify und versuchen Sie es dann erneut. Schlägt es wieder fehl, senden Sie diese Meldung an den Support.",
  "checkoutDiscount.retry": "Erneut versuchen",
  "checkoutDiscount.retried": "Wird jetzt erneut versucht.",
};
