import type { AreaTranslation } from "./area";

// The demo storefront (demo mode only): the shop's pages around the loyalty extension's blocks,
// the customer picker, cart and checkout, and the admin's link to it. Shoppers are addressed
// formally in German ("Sie").

export const demoStorefrontEn = {
  "demoStore.admin.title": "Demo storefront",
  "demoStore.admin.body":
    "See the loyalty program as a shopper sees it: sign in as a demo customer, redeem a reward for a code and place an order with it.",
  "demoStore.admin.link": "Open the demo storefront",

  "demoStore.banner": "Demo storefront with generated data: nothing is paid, shipped or sent to anyone.",
  "demoStore.nav.label": "Shop",
  "demoStore.nav.home": "Products",
  "demoStore.nav.cart": "Cart ({count})",
  "demoStore.nav.account": "My account",
  "demoStore.nav.signIn": "Sign in",
  "demoStore.nav.signOut": "Sign out",
  "demoStore.nav.signedInAs": "Signed in as {name}",
  "demoStore.language": "Language",
  "demoStore.language.switch": "Switch",

  "demoStore.index.title": "Coffee and tea",
  "demoStore.index.from": "from {price}",

  "demoStore.product.variant": "Variant",
  "demoStore.product.quantity": "Quantity",
  "demoStore.product.add": "Add to cart",
  "demoStore.product.back": "All products",

  "demoStore.login.title": "Sign in as a demo customer",
  "demoStore.login.intro":
    "The demo has no passwords: choose one of the demo shop's customers. Their points come from their orders in the shop's history.",
  "demoStore.login.name": "Customer",
  "demoStore.login.points": "Points to spend",
  "demoStore.login.choose": "Sign in as {name}",
  "demoStore.login.signedOut": "You can also shop without signing in; you then collect no points.",

  "demoStore.account.title": "My account",
  "demoStore.account.greeting": "Welcome, {name}.",

  "demoStore.cart.title": "Cart",
  "demoStore.cart.empty": "Your cart is empty.",
  "demoStore.cart.product": "Product",
  "demoStore.cart.quantity": "Quantity",
  "demoStore.cart.price": "Price",
  "demoStore.cart.remove": "Remove",
  "demoStore.cart.subtotal": "Subtotal",
  "demoStore.cart.shipping": "Shipping",
  "demoStore.cart.shippingFree": "Free shipping from {amount}.",
  "demoStore.cart.discount": "Discount ({code})",
  "demoStore.cart.total": "Total",
  "demoStore.cart.code": "Discount code",
  "demoStore.cart.apply": "Apply",
  "demoStore.cart.removeCode": "Remove code",
  "demoStore.cart.placeOrder": "Place order",
  "demoStore.cart.guest": "You are not signed in: this order will collect no points.",
  "demoStore.cart.refused.unknown": "This discount code is not valid.",
  "demoStore.cart.refused.used": "This discount code has already been used.",
  "demoStore.cart.refused.expired": "This discount code has expired.",
  "demoStore.cart.refused.notYours": "This discount code belongs to another customer's account. Please sign in with that account.",
  "demoStore.cart.refused.minimum_not_reached": "This discount code needs an order of at least {amount}.",
  "demoStore.cart.refused.not_applicable": "This discount code does not apply to this order.",

  "demoStore.order.title": "Thank you for your order {name}",
  "demoStore.order.processing": "Your order is being processed …",
  "demoStore.order.total": "Total paid: {amount}",
  "demoStore.order.earned": "You collect {points} points with this order. They are pending until {date} (the return period) and can be spent after that.",
  "demoStore.order.noPoints": "This order collects no points.",
  "demoStore.order.rewardUsed": "Your reward code {code} was used with this order.",
  "demoStore.order.continue": "Continue shopping",
} as const;

export const demoStorefrontDe: AreaTranslation<typeof demoStorefrontEn> = {
  "demoStore.admin.title": "Demo-Shop",
  "demoStore.admin.body":
    "Sehen Sie das Treueprogramm so, wie Ihre Kundschaft es sieht: als Demo-Kunde anmelden, eine Prämie gegen einen Code einlösen und damit bestellen.",
  "demoStore.admin.link": "Demo-Shop öffnen",

  "demoStore.banner": "Demo-Shop mit erzeugten Daten: Es wird nichts bezahlt, versendet oder an jemanden geschickt.",
  "demoStore.nav.label": "Shop",
  "demoStore.nav.home": "Produkte",
  "demoStore.nav.cart": "Warenkorb ({count})",
  "demoStore.nav.account": "Mein Konto",
  "demoStore.nav.signIn": "Anmelden",
  "demoStore.nav.signOut": "Abmelden",
  "demoStore.nav.signedInAs": "Angemeldet als {name}",
  "demoStore.language": "Sprache",
  "demoStore.language.switch": "Wechseln",

  "demoStore.index.title": "Kaffee und Tee",
  "demoStore.index.from": "ab {price}",

  "demoStore.product.variant": "Variante",
  "demoStore.product.quantity": "Menge",
  "demoStore.product.add": "In den Warenkorb",
  "demoStore.product.back": "Alle Produkte",

  "demoStore.login.title": "Als Demo-Kunde anmelden",
  "demoStore.login.intro":
    "Die Demo hat keine Passwörter: Wählen Sie einen Kunden des Demo-Shops. Seine Punkte stammen aus seinen Bestellungen in der Geschichte des Shops.",
  "demoStore.login.name": "Kunde",
  "demoStore.login.points": "Einlösbare Punkte",
  "demoStore.login.choose": "Als {name} anmelden",
  "demoStore.login.signedOut": "Sie können auch ohne Anmeldung einkaufen; dann sammeln Sie keine Punkte.",

  "demoStore.account.title": "Mein Konto",
  "demoStore.account.greeting": "Willkommen, {name}.",

  "demoStore.cart.title": "Warenkorb",
  "demoStore.cart.empty": "Ihr Warenkorb ist leer.",
  "demoStore.cart.product": "Produkt",
  "demoStore.cart.quantity": "Menge",
  "demoStore.cart.price": "Preis",
  "demoStore.cart.remove": "Entfernen",
  "demoStore.cart.subtotal": "Zwischensumme",
  "demoStore.cart.shipping": "Versand",
  "demoStore.cart.shippingFree": "Versandkostenfrei ab {amount}.",
  "demoStore.cart.discount": "Rabatt ({code})",
  "demoStore.cart.total": "Gesamt",
  "demoStore.cart.code": "Rabattcode",
  "demoStore.cart.apply": "Anwenden",
  "demoStore.cart.removeCode": "Code entfernen",
  "demoStore.cart.placeOrder": "Bestellung aufgeben",
  "demoStore.cart.guest": "Sie sind nicht angemeldet: Mit dieser Bestellung sammeln Sie keine Punkte.",
  "demoStore.cart.refused.unknown": "Dieser Rabattcode ist nicht gültig.",
  "demoStore.cart.refused.used": "Dieser Rabattcode wurde bereits verwendet.",
  "demoStore.cart.refused.expired": "Dieser Rabattcode ist abgelaufen.",
  "demoStore.cart.refused.notYours": "Dieser Rabattcode gehört zum Konto eines anderen Kunden. Bitte melden Sie sich mit diesem Konto an.",
  "demoStore.cart.refused.minimum_not_reached": "Dieser Rabattcode gilt ab einem Bestellwert von {amount}.",
  "demoStore.cart.refused.not_applicable": "Dieser Rabattcode gilt nicht für diese Bestellung.",

  "demoStore.order.title": "Vielen Dank für Ihre Bestellung {name}",
  "demoStore.order.processing": "Ihre Bestellung wird verarbeitet …",
  "demoStore.order.total": "Bezahlt: {amount}",
  "demoStore.order.earned":
    "Mit dieser Bestellung sammeln Sie {points} Punkte. Sie sind bis zum {date} vorgemerkt (Rückgabefrist) und danach einlösbar.",
  "demoStore.order.noPoints": "Mit dieser Bestellung sammeln Sie keine Punkte.",
  "demoStore.order.rewardUsed": "Ihr Prämiencode {code} wurde mit dieser Bestellung eingelöst.",
  "demoStore.order.continue": "Weiter einkaufen",
};
