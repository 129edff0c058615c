// The demo shop's assortment: a German-speaking coffee & tea shop selling in EUR. Static data,
// independent of the history seed, so a product keeps its ids whatever history is generated.
//
// Besides titles and prices the catalog carries the shop's purchase structure: products belong to
// groups, baskets start from an anchor group and pull complements with fixed probabilities, and
// some products name specific companions (a dripper its matching filter size). The history draws
// line items from this structure, which is what makes co-occurrence and lift measurable later.

import { Random } from "./random";

export type ProductGroup =
  | "espresso-beans"
  | "filter-beans"
  | "decaf-beans"
  | "ground-coffee"
  | "black-tea"
  | "green-tea"
  | "matcha"
  | "herbal-tea"
  | "fruit-tea"
  | "espresso-machine"
  | "fully-automatic"
  | "moka-pot"
  | "grinder"
  | "milk-jug"
  | "tamper"
  | "knock-box"
  | "descaler"
  | "cleaning"
  | "milk-cleaner"
  | "barista-tools"
  | "pour-over"
  | "filter-paper"
  | "kettle"
  | "scale"
  | "french-press"
  | "coffee-press"
  | "cold-brew"
  | "teapot"
  | "tea-strainer"
  | "tea-filter"
  | "tea-warmer"
  | "tea-caddy"
  | "chasen"
  | "chawan"
  | "chashaku"
  | "espresso-cups"
  | "cups"
  | "travel-mug"
  | "sweets"
  | "syrup"
  | "sugar-honey"
  | "gift-set"
  | "advent-calendar"
  | "storage";

export type TasteProfile = "espresso" | "filter" | "tea" | "matcha" | "allrounder";

/** German VAT class: coffee, tea and sweets are food (reduced rate), equipment is standard. */
export type TaxClass = "food" | "standard";

/** When a product sells above its usual rate. */
export type Season = "winter" | "summer" | "christmas";

export interface CatalogVariant {
  id: string;
  inventoryItemId: string;
  productId: string;
  title: string;
  option1: string | null;
  position: number;
  sku: string;
  price: string;
  priceMinor: number;
  compareAtPrice: string | null;
  grams: number;
  inventoryQuantity: number;
  inventoryPolicy: "deny" | "continue";
  /** False when sold out and not backorderable: the history never sells it. */
  available: boolean;
}

export interface CatalogProduct {
  id: string;
  optionId: string;
  handle: string;
  title: string;
  bodyHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  collection: string;
  group: ProductGroup;
  taxClass: TaxClass;
  /** Relative sales weight inside its group. */
  popularity: number;
  season: Season | null;
  optionName: string | null;
  /** Consumables are re-bought; equipment is bought once and drives returns. */
  consumable: boolean;
  /** Specific products that ride along with this one (handle, probability). */
  companions: ReadonlyArray<readonly [handle: string, probability: number]>;
  variants: CatalogVariant[];
}

export interface CatalogCollection {
  id: string;
  handle: string;
  title: string;
}

export interface BasketComplement {
  groups: readonly ProductGroup[];
  probability: number;
  /** Upper bound of distinct products drawn from these groups. */
  max?: number;
}

/**
 * One shopping intention: the anchor group supplies the first product, complements follow
 * independently with their probabilities. Weights say how likely a customer with a given taste
 * is to shop this way on a first order versus a repeat order.
 */
export interface BasketRule {
  key: string;
  anchor: readonly ProductGroup[];
  anchorCount: readonly [min: number, max: number];
  complements: readonly BasketComplement[];
  firstOrderWeight: Partial<Record<TasteProfile, number>>;
  repeatOrderWeight: Partial<Record<TasteProfile, number>>;
  season?: Season;
  /** Prefer the customer's favourite products for the anchor (re-buying the usual beans). */
  usesFavourites?: boolean;
}

export interface Catalog {
  collections: CatalogCollection[];
  products: CatalogProduct[];
  byHandle: ReadonlyMap<string, CatalogProduct>;
  byGroup: ReadonlyMap<ProductGroup, CatalogProduct[]>;
  basketRules: readonly BasketRule[];
}

interface GroupInfo {
  collection: string;
  productType: string;
  taxClass: TaxClass;
  consumable: boolean;
}

const GROUPS: Record<ProductGroup, GroupInfo> = {
  "espresso-beans": { collection: "espresso", productType: "Kaffeebohnen", taxClass: "food", consumable: true },
  "filter-beans": { collection: "filterkaffee", productType: "Kaffeebohnen", taxClass: "food", consumable: true },
  "decaf-beans": { collection: "entkoffeiniert", productType: "Kaffeebohnen", taxClass: "food", consumable: true },
  "ground-coffee": { collection: "gemahlener-kaffee", productType: "Gemahlener Kaffee", taxClass: "food", consumable: true },
  "black-tea": { collection: "schwarztee", productType: "Loser Tee", taxClass: "food", consumable: true },
  "green-tea": { collection: "gruener-tee", productType: "Loser Tee", taxClass: "food", consumable: true },
  matcha: { collection: "matcha", productType: "Matcha", taxClass: "food", consumable: true },
  "herbal-tea": { collection: "kraeuter-und-fruechtetee", productType: "Kräutertee", taxClass: "food", consumable: true },
  "fruit-tea": { collection: "kraeuter-und-fruechtetee", productType: "Früchtetee", taxClass: "food", consumable: true },
  "espresso-machine": { collection: "maschinen-und-muehlen", productType: "Siebträgermaschine", taxClass: "standard", consumable: false },
  "fully-automatic": { collection: "maschinen-und-muehlen", productType: "Kaffeevollautomat", taxClass: "standard", consumable: false },
  "moka-pot": { collection: "zubereitung", productType: "Espressokocher", taxClass: "standard", consumable: false },
  grinder: { collection: "maschinen-und-muehlen", productType: "Kaffeemühle", taxClass: "standard", consumable: false },
  "milk-jug": { collection: "barista-zubehoer", productType: "Milchkännchen", taxClass: "standard", consumable: false },
  tamper: { collection: "barista-zubehoer", productType: "Tamper", taxClass: "standard", consumable: false },
  "knock-box": { collection: "barista-zubehoer", productType: "Barista-Zubehör", taxClass: "standard", consumable: false },
  descaler: { collection: "pflege-und-reinigung", productType: "Entkalker", taxClass: "standard", consumable: true },
  cleaning: { collection: "pflege-und-reinigung", productType: "Reinigungsmittel", taxClass: "standard", consumable: true },
  "milk-cleaner": { collection: "pflege-und-reinigung", productType: "Reinigungsmittel", taxClass: "standard", consumable: true },
  "barista-tools": { collection: "barista-zubehoer", productType: "Barista-Zubehör", taxClass: "standard", consumable: false },
  "pour-over": { collection: "zubereitung", productType: "Handfilter", taxClass: "standard", consumable: false },
  "filter-paper": { collection: "zubereitung", productType: "Filterpapier", taxClass: "standard", consumable: true },
  kettle: { collection: "zubereitung", productType: "Wasserkessel", taxClass: "standard", consumable: false },
  scale: { collection: "zubereitung", productType: "Kaffeewaage", taxClass: "standard", consumable: false },
  "french-press": { collection: "zubereitung", productType: "French Press", taxClass: "standard", consumable: false },
  "coffee-press": { collection: "zubereitung", productType: "Kaffeepresse", taxClass: "standard", consumable: false },
  "cold-brew": { collection: "zubereitung", productType: "Cold Brew", taxClass: "standard", consumable: false },
  teapot: { collection: "tee-zubehoer", productType: "Teekanne", taxClass: "standard", consumable: false },
  "tea-strainer": { collection: "tee-zubehoer", productType: "Teesieb", taxClass: "standard", consumable: false },
  "tea-filter": { collection: "tee-zubehoer", productType: "Teefilter", taxClass: "standard", consumable: true },
  "tea-warmer": { collection: "tee-zubehoer", productType: "Stövchen", taxClass: "standard", consumable: false },
  "tea-caddy": { collection: "aufbewahrung", productType: "Teedose", taxClass: "standard", consumable: false },
  chasen: { collection: "matcha", productType: "Matcha-Zubehör", taxClass: "standard", consumable: false },
  chawan: { collection: "matcha", productType: "Matcha-Zubehör", taxClass: "standard", consumable: false },
  chashaku: { collection: "matcha", productType: "Matcha-Zubehör", taxClass: "standard", consumable: false },
  "espresso-cups": { collection: "tassen-und-becher", productType: "Tassen", taxClass: "standard", consumable: false },
  cups: { collection: "tassen-und-becher", productType: "Tassen", taxClass: "standard", consumable: false },
  "travel-mug": { collection: "tassen-und-becher", productType: "Thermobecher", taxClass: "standard", consumable: false },
  sweets: { collection: "suesses", productType: "Gebäck & Schokolade", taxClass: "food", consumable: true },
  syrup: { collection: "suesses", productType: "Sirup", taxClass: "food", consumable: true },
  "sugar-honey": { collection: "suesses", productType: "Zucker & Honig", taxClass: "food", consumable: true },
  "gift-set": { collection: "geschenke", productType: "Geschenkset", taxClass: "food", consumable: false },
  "advent-calendar": { collection: "geschenke", productType: "Adventskalender", taxClass: "food", consumable: false },
  storage: { collection: "aufbewahrung", productType: "Vorratsdose", taxClass: "standard", consumable: false },
};

const COLLECTION_TITLES: Record<string, string> = {
  espresso: "Espresso",
  filterkaffee: "Filterkaffee",
  entkoffeiniert: "Entkoffeiniert",
  "gemahlener-kaffee": "Gemahlener Kaffee",
  schwarztee: "Schwarztee",
  "gruener-tee": "Grüner & weißer Tee",
  matcha: "Matcha",
  "kraeuter-und-fruechtetee": "Kräuter- & Früchtetee",
  "maschinen-und-muehlen": "Maschinen & Mühlen",
  zubereitung: "Zubereitung",
  "barista-zubehoer": "Barista-Zubehör",
  "pflege-und-reinigung": "Pflege & Reinigung",
  "tee-zubehoer": "Tee-Zubehör",
  aufbewahrung: "Aufbewahrung",
  "tassen-und-becher": "Tassen & Becher",
  suesses: "Süßes",
  geschenke: "Geschenke",
};

/** Variant schemes: option values with price multipliers and shipping weights. */
type VariantScheme = { option: string; values: ReadonlyArray<readonly [title: string, factor: number, grams: number]> };

const BEANS3: VariantScheme = { option: "Größe", values: [["250 g", 1, 250], ["500 g", 1.85, 500], ["1 kg", 3.4, 1000]] };
const BEANS2: VariantScheme = { option: "Größe", values: [["250 g", 1, 250], ["1 kg", 3.4, 1000]] };
const TEA2: VariantScheme = { option: "Größe", values: [["100 g", 1, 100], ["250 g", 2.2, 250]] };
const GROUND2: VariantScheme = { option: "Größe", values: [["250 g", 1, 250], ["500 g", 1.85, 500]] };
const colors = (...names: string[]): VariantScheme => ({ option: "Farbe", values: names.map((n) => [n, 1, 0] as const) });
const sizes = (...values: Array<readonly [string, number]>): VariantScheme => ({
  option: "Größe",
  values: values.map(([t, f]) => [t, f, 0] as const),
});

interface ProductDef {
  title: string;
  group: ProductGroup;
  /** Net price of the first variant in EUR. */
  price: number;
  vendor: string;
  body: string;
  variants?: VariantScheme;
  popularity?: number;
  season?: Season;
  tags?: string[];
  with?: ReadonlyArray<readonly [string, number]>;
  /** Grams for single-variant products. */
  grams?: number;
}

const HOUSE = "Alpenröster";
const HANSE = "Rösterei Hanseatica";
const BERGMANN = "Kaffeerösterei Bergmann";
const WIEN = "Wiener Röstwerk";
const BELLINI = "Caffè Bellini";
const FRIESLAND = "Teehaus Friesland";
const GRUENWALD = "Teemanufaktur Grünwald";
const UJI = "Uji Teegarten";
const BRUEHWERK = "Brühwerk";
const ALPINA = "Alpina Espresso";
const MAHLWERK = "Mahlwerk Manufaktur";
const SELB = "Porzellanwerk Selb";
const KONDITOREI = "Konditorei Lindner";

// Handles follow from titles (see slugify); companions refer to those handles.
const PRODUCT_DEFS: readonly ProductDef[] = [
  // Espresso
  { title: "Espresso Classico", group: "espresso-beans", price: 8.9, vendor: HOUSE, body: "Ausgewogener Espresso mit Noten von Nougat und dunkler Schokolade.", variants: BEANS3, popularity: 10, tags: ["Bestseller", "Espresso"] },
  { title: "Espresso Milano", group: "espresso-beans", price: 9.5, vendor: BELLINI, body: "Klassische norditalienische Röstung, 80 % Arabica, 20 % Robusta.", variants: BEANS3, popularity: 7, tags: ["Espresso", "Italienisch"] },
  { title: "Espresso Napoli Forte", group: "espresso-beans", price: 8.5, vendor: BELLINI, body: "Kräftig und dunkel geröstet, mit dichter Crema.", variants: BEANS3, popularity: 5, tags: ["Espresso", "Kräftig"] },
  { title: "Espresso Crema Dolce", group: "espresso-beans", price: 9.9, vendor: HOUSE, body: "Mild und süßlich, ideal für Cappuccino und Flat White.", variants: BEANS3, popularity: 8, tags: ["Espresso", "Milchgetränke"] },
  { title: "Espresso Brasil Santos", group: "espresso-beans", price: 9.2, vendor: BERGMANN, body: "Sortenreiner Brasilianer mit Noten von Erdnuss und Karamell.", variants: BEANS2, popularity: 4, tags: ["Espresso", "Single Origin"] },
  { title: "Espresso Bio Fairtrade", group: "espresso-beans", price: 10.9, vendor: HOUSE, body: "Bio-zertifiziert, fair gehandelt, schonend im Trommelröster geröstet.", variants: BEANS3, popularity: 6, tags: ["Espresso", "Bio", "Fairtrade"] },
  { title: "Espresso Sidamo Single Origin", group: "espresso-beans", price: 12.5, vendor: HANSE, body: "Fruchtiger Espresso aus Äthiopien mit Beerenaromen.", variants: BEANS2, popularity: 3, tags: ["Espresso", "Single Origin"] },
  { title: "Espresso Barista Blend", group: "espresso-beans", price: 11.5, vendor: HOUSE, body: "Unsere Mischung für Siebträger, entwickelt mit Baristas aus München.", variants: BEANS3, popularity: 6, tags: ["Espresso", "Barista"] },
  { title: "Espresso Wiener Melange", group: "espresso-beans", price: 9.8, vendor: WIEN, body: "Nach Wiener Kaffeehaustradition geröstet, weich und rund.", variants: BEANS3, popularity: 5, tags: ["Espresso", "Wien"] },
  { title: "Espresso Siciliano", group: "espresso-beans", price: 8.9, vendor: BELLINI, body: "Sehr dunkel geröstet, intensiv, mit feiner Bitternote.", variants: BEANS2, popularity: 3, tags: ["Espresso", "Kräftig"] },
  { title: "Espresso India Monsooned Malabar", group: "espresso-beans", price: 11.9, vendor: HANSE, body: "Würzig und erdig, dank Monsunlagerung besonders säurearm.", variants: BEANS2, popularity: 2, tags: ["Espresso", "Säurearm"] },
  { title: "Espresso Hamburger Hafen", group: "espresso-beans", price: 9.4, vendor: HANSE, body: "Kräftige Hausmischung aus der Speicherstadt.", variants: BEANS3, popularity: 4, tags: ["Espresso"] },
  // Filter coffee
  { title: "Filterkaffee Äthiopien Yirgacheffe", group: "filter-beans", price: 11.9, vendor: HANSE, body: "Blumig mit Noten von Jasmin und Bergamotte, hell geröstet.", variants: BEANS3, popularity: 7, tags: ["Filterkaffee", "Single Origin"] },
  { title: "Filterkaffee Kenia AA", group: "filter-beans", price: 12.9, vendor: HANSE, body: "Saftig und komplex mit Schwarzer Johannisbeere.", variants: BEANS2, popularity: 4, tags: ["Filterkaffee", "Single Origin"] },
  { title: "Filterkaffee Kolumbien Huila", group: "filter-beans", price: 10.5, vendor: BERGMANN, body: "Rund und süß mit Noten von Rohrzucker und roten Äpfeln.", variants: BEANS3, popularity: 8, tags: ["Filterkaffee"] },
  { title: "Filterkaffee Guatemala Antigua", group: "filter-beans", price: 10.9, vendor: BERGMANN, body: "Schokoladig mit einem Hauch Orange.", variants: BEANS3, popularity: 5, tags: ["Filterkaffee"] },
  { title: "Filterkaffee Costa Rica Tarrazú", group: "filter-beans", price: 11.5, vendor: HOUSE, body: "Klar und ausgewogen, Honey-Aufbereitung.", variants: BEANS2, popularity: 4, tags: ["Filterkaffee"] },
  { title: "Filterkaffee Peru Bio", group: "filter-beans", price: 9.9, vendor: HOUSE, body: "Bio-Hochlandkaffee, mild mit nussiger Süße.", variants: BEANS3, popularity: 6, tags: ["Filterkaffee", "Bio"] },
  { title: "Filterkaffee Honduras Marcala", group: "filter-beans", price: 9.8, vendor: BERGMANN, body: "Weich und ausgewogen, ein Kaffee für jeden Tag.", variants: BEANS2, popularity: 3, tags: ["Filterkaffee"] },
  { title: "Filterkaffee Ruanda Nyamasheke", group: "filter-beans", price: 12.5, vendor: HANSE, body: "Lebendige Säure, Noten von Hibiskus und Kirsche.", variants: BEANS2, popularity: 2, tags: ["Filterkaffee", "Single Origin"] },
  { title: "Hausmischung Frühstück", group: "filter-beans", price: 8.5, vendor: HOUSE, body: "Die milde Mischung für die Kaffeemaschine am Morgen.", variants: BEANS3, popularity: 9, tags: ["Filterkaffee", "Bestseller"] },
  { title: "Café Crème Bio", group: "filter-beans", price: 9.5, vendor: HOUSE, body: "Für Vollautomaten: langer Kaffee mit feiner Crema.", variants: BEANS3, popularity: 6, tags: ["Café Crème", "Bio"] },
  { title: "Café Crème Schümli Mild", group: "filter-beans", price: 9.2, vendor: WIEN, body: "Sanfte Röstung nach Schweizer Art.", variants: BEANS2, popularity: 4, tags: ["Café Crème"] },
  // Decaf
  { title: "Espresso Entkoffeiniert", group: "decaf-beans", price: 10.5, vendor: HOUSE, body: "Schonend mit dem CO2-Verfahren entkoffeiniert.", variants: BEANS2, popularity: 5, tags: ["Entkoffeiniert", "Espresso"] },
  { title: "Filterkaffee Entkoffeiniert Kolumbien", group: "decaf-beans", price: 10.9, vendor: BERGMANN, body: "Mit dem Zuckerrohr-Verfahren entkoffeiniert, voller Geschmack.", variants: BEANS2, popularity: 3, tags: ["Entkoffeiniert", "Filterkaffee"] },
  // Ground coffee
  { title: "Gemahlen für French Press", group: "ground-coffee", price: 8.9, vendor: HOUSE, body: "Grob gemahlene Hausmischung für Stempelkanne.", variants: GROUND2, popularity: 5, tags: ["Gemahlen"] },
  { title: "Gemahlen für Filter Frühstücksmischung", group: "ground-coffee", price: 8.2, vendor: HOUSE, body: "Mittelfein gemahlen für Handfilter und Filtermaschine.", variants: GROUND2, popularity: 7, tags: ["Gemahlen"] },
  { title: "Gemahlen für Espressokocher", group: "ground-coffee", price: 8.5, vendor: BELLINI, body: "Fein gemahlen für die Mokkakanne auf dem Herd.", variants: GROUND2, popularity: 5, tags: ["Gemahlen", "Italienisch"] },
  { title: "Gemahlen Entkoffeiniert", group: "ground-coffee", price: 8.9, vendor: BERGMANN, body: "Mittelfein gemahlen, entkoffeiniert.", variants: GROUND2, popularity: 2, tags: ["Gemahlen", "Entkoffeiniert"] },
  { title: "Cold Brew Mischung grob", group: "ground-coffee", price: 9.5, vendor: HOUSE, body: "Grob gemahlen für kalt extrahierten Kaffee.", variants: GROUND2, popularity: 2, season: "summer", tags: ["Gemahlen", "Sommer"] },
  // Black tea
  { title: "Assam Bio TGFOP", group: "black-tea", price: 6.9, vendor: FRIESLAND, body: "Malzig und kräftig, ideal mit Milch.", variants: TEA2, popularity: 6, tags: ["Schwarztee", "Bio"] },
  { title: "Darjeeling First Flush", group: "black-tea", price: 9.9, vendor: GRUENWALD, body: "Frühlingspflückung, blumig und leicht.", variants: TEA2, popularity: 5, tags: ["Schwarztee"] },
  { title: "Earl Grey Premium", group: "black-tea", price: 6.5, vendor: GRUENWALD, body: "Ceylon-Schwarztee mit kalabrischem Bergamotteöl.", variants: TEA2, popularity: 9, tags: ["Schwarztee", "Bestseller"] },
  { title: "English Breakfast", group: "black-tea", price: 5.9, vendor: FRIESLAND, body: "Kräftige Mischung für den Start in den Tag.", variants: TEA2, popularity: 6, tags: ["Schwarztee"] },
  { title: "Ceylon Orange Pekoe", group: "black-tea", price: 5.9, vendor: GRUENWALD, body: "Frisch und spritzig aus dem Hochland Sri Lankas.", variants: TEA2, popularity: 3, tags: ["Schwarztee"] },
  { title: "Ostfriesische Mischung", group: "black-tea", price: 6.2, vendor: FRIESLAND, body: "Kräftiger Assam-Blend für Kluntje und Sahne.", variants: TEA2, popularity: 7, tags: ["Schwarztee", "Ostfriesland"] },
  { title: "Lapsang Souchong", group: "black-tea", price: 7.5, vendor: GRUENWALD, body: "Über Kiefernholz geräuchert, markant rauchig.", variants: TEA2, popularity: 2, tags: ["Schwarztee"] },
  { title: "Chai Masala", group: "black-tea", price: 6.9, vendor: GRUENWALD, body: "Schwarztee mit Zimt, Kardamom, Ingwer und Nelke.", variants: TEA2, popularity: 6, season: "winter", tags: ["Schwarztee", "Gewürz"] },
  // Green & white tea
  { title: "Sencha Bio", group: "green-tea", price: 7.9, vendor: GRUENWALD, body: "Japanischer Grüntee, frisch und grasig.", variants: TEA2, popularity: 7, tags: ["Grüntee", "Bio"] },
  { title: "Gyokuro Premium", group: "green-tea", price: 16.9, vendor: UJI, body: "Beschatteter Spitzentee mit intensiver Umami-Note.", variants: TEA2, popularity: 2, tags: ["Grüntee", "Japan"] },
  { title: "Genmaicha", group: "green-tea", price: 6.5, vendor: UJI, body: "Grüntee mit geröstetem Reis, nussig und mild.", variants: TEA2, popularity: 4, tags: ["Grüntee", "Japan"] },
  { title: "Jasmin Grüntee", group: "green-tea", price: 6.9, vendor: GRUENWALD, body: "Chinesischer Grüntee, mit Jasminblüten aromatisiert.", variants: TEA2, popularity: 5, tags: ["Grüntee"] },
  { title: "Gunpowder Bio", group: "green-tea", price: 5.5, vendor: GRUENWALD, body: "Zu Kügelchen gerollter Grüntee, Basis für marokkanischen Minztee.", variants: TEA2, popularity: 3, tags: ["Grüntee", "Bio"] },
  { title: "Bancha Hojicha", group: "green-tea", price: 7.2, vendor: UJI, body: "Gerösteter Grüntee, koffeinarm und karamellig.", variants: TEA2, popularity: 2, tags: ["Grüntee", "Japan"] },
  { title: "Weißer Tee Pai Mu Tan", group: "green-tea", price: 9.5, vendor: GRUENWALD, body: "Zarter weißer Tee mit honigsüßem Abgang.", variants: TEA2, popularity: 2, tags: ["Weißer Tee"] },
  { title: "Oolong Milky", group: "green-tea", price: 10.9, vendor: GRUENWALD, body: "Halbfermentierter Oolong mit cremigem Aroma.", variants: TEA2, popularity: 2, tags: ["Oolong"] },
  // Matcha
  { title: "Matcha Ceremonial Uji", group: "matcha", price: 24.9, vendor: UJI, body: "Zeremonieller Matcha aus Uji, leuchtend grün und mild.", variants: sizes(["30 g", 1], ["100 g", 2.9]), popularity: 6, tags: ["Matcha", "Japan"], with: [["matcha-besen-chasen", 0.55], ["matcha-schale-chawan", 0.4], ["bambusloeffel-chashaku", 0.3]] },
  { title: "Matcha Premium Bio", group: "matcha", price: 18.9, vendor: UJI, body: "Bio-Matcha für den täglichen Genuss.", variants: sizes(["30 g", 1], ["100 g", 2.8]), popularity: 5, tags: ["Matcha", "Bio"], with: [["matcha-besen-chasen", 0.35]] },
  { title: "Matcha Latte Mischung", group: "matcha", price: 12.9, vendor: UJI, body: "Matcha für Latte und Smoothies.", variants: sizes(["100 g", 1], ["250 g", 2.2]), popularity: 4, tags: ["Matcha"] },
  // Herbal tea
  { title: "Pfefferminze Bio", group: "herbal-tea", price: 4.9, vendor: FRIESLAND, body: "Ganze Blätter der deutschen Pfefferminze.", variants: TEA2, popularity: 6, tags: ["Kräutertee", "Bio"] },
  { title: "Kamillenblüten Bio", group: "herbal-tea", price: 4.9, vendor: FRIESLAND, body: "Ganze Kamillenblüten aus kontrolliert biologischem Anbau.", variants: TEA2, popularity: 4, tags: ["Kräutertee", "Bio"] },
  { title: "Rooibos Vanille", group: "herbal-tea", price: 5.5, vendor: GRUENWALD, body: "Südafrikanischer Rotbusch mit Bourbon-Vanille.", variants: TEA2, popularity: 7, tags: ["Rooibos"] },
  { title: "Rooibos Natur", group: "herbal-tea", price: 4.9, vendor: GRUENWALD, body: "Reiner Rotbuschtee, koffeinfrei.", variants: TEA2, popularity: 3, tags: ["Rooibos"] },
  { title: "Kräutertraum Abendruhe", group: "herbal-tea", price: 5.9, vendor: FRIESLAND, body: "Melisse, Lavendel und Hopfen für den Feierabend.", variants: TEA2, popularity: 5, tags: ["Kräutertee"] },
  { title: "Ingwer Zitrone", group: "herbal-tea", price: 5.9, vendor: GRUENWALD, body: "Wärmender Ingwer mit Zitronengras und Zitronenschale.", variants: TEA2, popularity: 6, season: "winter", tags: ["Kräutertee"] },
  { title: "Fencheltee Bio", group: "herbal-tea", price: 4.5, vendor: FRIESLAND, body: "Angestoßener Bio-Fenchel, mild und süßlich.", variants: TEA2, popularity: 2, tags: ["Kräutertee", "Bio"] },
  { title: "Salbei Bio", group: "herbal-tea", price: 4.9, vendor: FRIESLAND, body: "Geschnittene Salbeiblätter.", variants: TEA2, popularity: 2, tags: ["Kräutertee", "Bio"] },
  { title: "Brennnessel Bio", group: "herbal-tea", price: 4.5, vendor: FRIESLAND, body: "Brennnesselblätter aus deutschem Anbau.", variants: TEA2, popularity: 1, tags: ["Kräutertee", "Bio"] },
  // Fruit tea
  { title: "Waldbeere", group: "fruit-tea", price: 5.2, vendor: GRUENWALD, body: "Hibiskus, Apfel und Waldbeeren.", variants: TEA2, popularity: 5, tags: ["Früchtetee"] },
  { title: "Erdbeer Sahne", group: "fruit-tea", price: 5.2, vendor: GRUENWALD, body: "Fruchtig-cremige Früchtemischung.", variants: TEA2, popularity: 4, tags: ["Früchtetee"] },
  { title: "Winterpunsch", group: "fruit-tea", price: 5.9, vendor: GRUENWALD, body: "Früchtetee mit Zimt, Orange und Gewürznelke.", variants: TEA2, popularity: 6, season: "winter", tags: ["Früchtetee", "Winter"] },
  { title: "Bratapfel", group: "fruit-tea", price: 5.9, vendor: GRUENWALD, body: "Apfelstücke, Mandeln und Zimt.", variants: TEA2, popularity: 6, season: "winter", tags: ["Früchtetee", "Winter"] },
  { title: "Zitronengras Limette Eistee", group: "fruit-tea", price: 5.5, vendor: GRUENWALD, body: "Für kalt aufgegossenen Eistee.", variants: TEA2, popularity: 4, season: "summer", tags: ["Früchtetee", "Sommer"] },
  { title: "Pfirsich Maracuja Eistee", group: "fruit-tea", price: 5.5, vendor: GRUENWALD, body: "Fruchtige Sommermischung für die Karaffe.", variants: TEA2, popularity: 4, season: "summer", tags: ["Früchtetee", "Sommer"] },
  // Espresso machines
  { title: "Siebträgermaschine Alpina Pro", group: "espresso-machine", price: 1190, vendor: ALPINA, body: "Dualboiler mit PID-Regelung und 58-mm-Brühgruppe.", variants: colors("Edelstahl", "Schwarz matt"), popularity: 3, grams: 23000, tags: ["Siebträger", "Dualboiler"], with: [["tamper-58-mm-edelstahl", 0.45], ["blindsieb-58-mm", 0.25]] },
  { title: "Siebträgermaschine Alpina Compact", group: "espresso-machine", price: 649, vendor: ALPINA, body: "Einkreiser mit Wärmetauscher, ideal für Einsteiger.", variants: colors("Edelstahl", "Weiß"), popularity: 5, grams: 14000, tags: ["Siebträger"], with: [["tamper-58-mm-edelstahl", 0.4]] },
  { title: "Espressomaschine Bellini Classica", group: "espresso-machine", price: 449, vendor: BELLINI, body: "Italienischer Klassiker mit 51-mm-Siebträger.", variants: colors("Chrom", "Rot"), popularity: 4, grams: 9000, tags: ["Siebträger"], with: [["tamper-51-mm-holzgriff", 0.45]] },
  { title: "Dualboiler Bergmann DB2", group: "espresso-machine", price: 1590, vendor: ALPINA, body: "Zwei Kessel, Rotationspumpe, Festwasseranschluss möglich.", popularity: 1, grams: 27000, tags: ["Siebträger", "Dualboiler"], with: [["tamper-58-mm-edelstahl", 0.5], ["blindsieb-58-mm", 0.3]] },
  { title: "Espressomaschine Lina Thermoblock", group: "espresso-machine", price: 299, vendor: BRUEHWERK, body: "Schnell aufgeheizt, kompakt, mit Dampflanze.", variants: colors("Silber", "Schwarz"), popularity: 4, grams: 6000, tags: ["Siebträger", "Einsteiger"], with: [["tamper-51-mm-holzgriff", 0.35]] },
  { title: "Kaffeevollautomat Bergmann Auto 300", group: "fully-automatic", price: 699, vendor: BRUEHWERK, body: "Vollautomat mit Milchsystem und Kegelmahlwerk.", variants: colors("Schwarz", "Silber"), popularity: 3, grams: 9500, tags: ["Vollautomat"] },
  { title: "Kaffeevollautomat Bergmann Auto 500", group: "fully-automatic", price: 949, vendor: BRUEHWERK, body: "Vollautomat mit Display, Zwei-Tassen-Funktion und Milchbehälter.", popularity: 2, grams: 10500, tags: ["Vollautomat"] },
  // Moka pots
  { title: "Espressokocher Klassik 3 Tassen", group: "moka-pot", price: 27.9, vendor: BELLINI, body: "Achteckiger Aluminium-Espressokocher.", popularity: 5, grams: 500, tags: ["Espressokocher"], with: [["gemahlen-fuer-espressokocher", 0.55]] },
  { title: "Espressokocher Klassik 6 Tassen", group: "moka-pot", price: 34.9, vendor: BELLINI, body: "Der Klassiker für die Familie.", popularity: 4, grams: 750, tags: ["Espressokocher"], with: [["gemahlen-fuer-espressokocher", 0.55]] },
  { title: "Espressokocher Induktion Edelstahl", group: "moka-pot", price: 49.9, vendor: BRUEHWERK, body: "Edelstahl, für alle Herdarten inklusive Induktion.", variants: sizes(["4 Tassen", 1], ["6 Tassen", 1.2]), popularity: 3, grams: 800, tags: ["Espressokocher", "Induktion"], with: [["gemahlen-fuer-espressokocher", 0.5]] },
  // Grinders
  { title: "Kaffeemühle Elektrisch Kegelmahlwerk", group: "grinder", price: 129, vendor: MAHLWERK, body: "40 Mahlstufen von Espresso bis French Press.", variants: colors("Schwarz", "Silber"), popularity: 5, grams: 3000, tags: ["Mühle"] },
  { title: "Espressomühle Pro 64", group: "grinder", price: 449, vendor: MAHLWERK, body: "64-mm-Scheibenmahlwerk, stufenlos, Timer.", popularity: 2, grams: 7000, tags: ["Mühle", "Espresso"] },
  { title: "Handmühle Keramik", group: "grinder", price: 39.9, vendor: MAHLWERK, body: "Keramikmahlwerk, einstellbar, ideal für unterwegs.", popularity: 5, grams: 450, tags: ["Mühle", "Handmühle"] },
  { title: "Handmühle Reise Titan", group: "grinder", price: 149, vendor: MAHLWERK, body: "Präzisionshandmühle mit Edelstahlkegel, auch für Espresso.", popularity: 2, grams: 600, tags: ["Mühle", "Handmühle"] },
  // Barista accessories
  { title: "Milchkännchen Edelstahl", group: "milk-jug", price: 19.9, vendor: BRUEHWERK, body: "Mit Ausgießschnabel für Latte Art.", variants: sizes(["350 ml", 1], ["600 ml", 1.2]), popularity: 6, grams: 250, tags: ["Barista", "Milch"] },
  { title: "Milchkännchen Latte Art Pro", group: "milk-jug", price: 29.9, vendor: BRUEHWERK, body: "Spitzer Ausguss, Innenskala, teflonbeschichtet.", variants: colors("Schwarz", "Kupfer"), popularity: 3, grams: 300, tags: ["Barista", "Milch"] },
  { title: "Tamper 58 mm Edelstahl", group: "tamper", price: 34.9, vendor: BRUEHWERK, body: "Flacher Edelstahlboden mit Nussbaumgriff.", popularity: 5, grams: 450, tags: ["Barista"] },
  { title: "Tamper 51 mm Holzgriff", group: "tamper", price: 24.9, vendor: BRUEHWERK, body: "Für 51-mm-Siebträger.", popularity: 4, grams: 350, tags: ["Barista"] },
  { title: "Tampingstation Holz", group: "barista-tools", price: 39.9, vendor: BRUEHWERK, body: "Eiche massiv, mit Gummieinlage.", popularity: 2, grams: 900, tags: ["Barista"] },
  { title: "Abschlagbehälter Edelstahl", group: "knock-box", price: 22.9, vendor: BRUEHWERK, body: "Mit rutschfestem Fuß und Abschlagstange.", popularity: 4, grams: 600, tags: ["Barista"] },
  { title: "Blindsieb 58 mm", group: "barista-tools", price: 7.9, vendor: ALPINA, body: "Zum Rückspülen der Brühgruppe.", popularity: 3, grams: 60, tags: ["Barista", "Reinigung"] },
  { title: "Milchthermometer", group: "barista-tools", price: 12.9, vendor: BRUEHWERK, body: "Analoges Thermometer mit Clip.", popularity: 3, grams: 50, tags: ["Barista", "Milch"] },
  { title: "Dosierring 58 mm", group: "barista-tools", price: 14.9, vendor: BRUEHWERK, body: "Magnetischer Trichter gegen verschütteten Kaffee.", popularity: 3, grams: 120, tags: ["Barista"] },
  { title: "Barista Tuch 3er Set", group: "barista-tools", price: 9.9, vendor: BRUEHWERK, body: "Mikrofasertücher für Dampflanze und Siebträger.", popularity: 2, grams: 90, tags: ["Barista"] },
  { title: "Milchaufschäumer Elektrisch", group: "barista-tools", price: 59.9, vendor: BRUEHWERK, body: "Heiß und kalt aufschäumen, Induktionsantrieb.", popularity: 4, grams: 900, tags: ["Milch"] },
  { title: "Entkalker Flüssig 500 ml", group: "descaler", price: 11.9, vendor: BRUEHWERK, body: "Auf Milchsäurebasis, für alle Espressomaschinen.", popularity: 8, grams: 550, tags: ["Pflege"] },
  { title: "Entkalkungstabletten 6 Stück", group: "descaler", price: 9.9, vendor: BRUEHWERK, body: "Für Vollautomaten und Filtermaschinen.", popularity: 5, grams: 120, tags: ["Pflege"] },
  { title: "Reinigungstabletten Siebträger 100 Stück", group: "cleaning", price: 12.9, vendor: ALPINA, body: "Zum Rückspülen der Brühgruppe mit Blindsieb.", popularity: 6, grams: 250, tags: ["Pflege", "Reinigung"] },
  { title: "Reinigungstabletten Vollautomat 10 Stück", group: "cleaning", price: 8.9, vendor: BRUEHWERK, body: "Löst Kaffeefette in der Brüheinheit.", popularity: 5, grams: 30, tags: ["Pflege", "Reinigung"] },
  { title: "Mühlenreiniger Granulat", group: "cleaning", price: 14.9, vendor: MAHLWERK, body: "Lebensmittelechtes Granulat gegen Kaffeeöle im Mahlwerk.", popularity: 3, grams: 450, tags: ["Pflege", "Mühle"] },
  { title: "Milchsystemreiniger 1 Liter", group: "milk-cleaner", price: 13.9, vendor: BRUEHWERK, body: "Entfernt Milchrückstände aus Schläuchen und Düsen.", popularity: 4, grams: 1050, tags: ["Pflege", "Milch"] },
  // Filter brewing
  { title: "Handfilter Porzellan Gr. 2", group: "pour-over", price: 24.9, vendor: SELB, body: "Weißes Porzellan aus Oberfranken, für Filtergröße 2.", popularity: 6, grams: 400, tags: ["Handfilter"], with: [["filterpapier-gr-2-100-stueck", 0.85]] },
  { title: "Handfilter Glas Kegelform", group: "pour-over", price: 21.9, vendor: BRUEHWERK, body: "Kegelförmiger Glasfilter mit Spiralrippen.", variants: colors("Klar", "Rauchglas"), popularity: 5, grams: 300, tags: ["Handfilter"], with: [["filterpapier-kegel-100-stueck", 0.85]] },
  { title: "Glaskaraffe mit Filter 600 ml", group: "pour-over", price: 44.9, vendor: BRUEHWERK, body: "Borosilikatglas mit Holzmanschette.", popularity: 3, grams: 600, tags: ["Handfilter", "Karaffe"], with: [["filterpapier-karaffe-100-stueck", 0.8]] },
  { title: "Filterpapier Gr. 2 100 Stück", group: "filter-paper", price: 3.9, vendor: BRUEHWERK, body: "Ungebleicht, geschmacksneutral.", popularity: 6, grams: 150, tags: ["Filterpapier"] },
  { title: "Filterpapier Gr. 4 100 Stück", group: "filter-paper", price: 3.9, vendor: BRUEHWERK, body: "Für Filtermaschinen und große Handfilter.", popularity: 5, grams: 200, tags: ["Filterpapier"] },
  { title: "Filterpapier Kegel 100 Stück", group: "filter-paper", price: 6.9, vendor: BRUEHWERK, body: "Kegelfilter, weiß, sauerstoffgebleicht.", popularity: 4, grams: 120, tags: ["Filterpapier"] },
  { title: "Filterpapier Karaffe 100 Stück", group: "filter-paper", price: 11.9, vendor: BRUEHWERK, body: "Extra dick gefaltet für die Glaskaraffe.", popularity: 2, grams: 250, tags: ["Filterpapier"] },
  { title: "Filterpapier Kaffeepresse 350 Stück", group: "filter-paper", price: 5.9, vendor: BRUEHWERK, body: "Runde Mikrofilter für die Kaffeepresse.", popularity: 2, grams: 80, tags: ["Filterpapier"] },
  { title: "Schwanenhalskessel Elektrisch", group: "kettle", price: 79.9, vendor: BRUEHWERK, body: "Gradgenaue Temperaturwahl, 0,9 l.", variants: colors("Schwarz matt", "Weiß"), popularity: 4, grams: 1300, tags: ["Wasserkessel"] },
  { title: "Schwanenhalskessel Herd 1 Liter", group: "kettle", price: 39.9, vendor: BRUEHWERK, body: "Edelstahl, induktionsgeeignet.", popularity: 3, grams: 800, tags: ["Wasserkessel"] },
  { title: "Kaffeewaage mit Timer", group: "scale", price: 34.9, vendor: BRUEHWERK, body: "0,1 g genau, mit Brühtimer.", popularity: 4, grams: 400, tags: ["Waage"] },
  { title: "French Press 1 Liter", group: "french-press", price: 29.9, vendor: BRUEHWERK, body: "Doppelwandig isoliert, Edelstahl.", variants: colors("Edelstahl", "Schwarz"), popularity: 5, grams: 900, tags: ["French Press"], with: [["gemahlen-fuer-french-press", 0.55]] },
  { title: "French Press 0,35 Liter", group: "french-press", price: 19.9, vendor: BRUEHWERK, body: "Für eine große Tasse, Glas mit Edelstahlrahmen.", popularity: 3, grams: 500, tags: ["French Press"], with: [["gemahlen-fuer-french-press", 0.5]] },
  { title: "Kaffeepresse Reise", group: "coffee-press", price: 36.9, vendor: BRUEHWERK, body: "Presse mit Kolben für Espresso-ähnlichen Kaffee unterwegs.", popularity: 3, grams: 350, tags: ["Kaffeepresse"], with: [["filterpapier-kaffeepresse-350-stueck", 0.6]] },
  { title: "Cold Brew Bereiter 1 Liter", group: "cold-brew", price: 32.9, vendor: BRUEHWERK, body: "Glaskaraffe mit Edelstahlfilter für kalt extrahierten Kaffee.", popularity: 3, season: "summer", grams: 900, tags: ["Cold Brew", "Sommer"], with: [["cold-brew-mischung-grob", 0.7]] },
  // Tea accessories
  { title: "Teekanne Glas 1,2 Liter", group: "teapot", price: 32.9, vendor: BRUEHWERK, body: "Borosilikatglas mit Edelstahlsieb.", popularity: 5, grams: 800, tags: ["Teekanne"] },
  { title: "Gusseisen Teekanne Tetsubin", group: "teapot", price: 59.9, vendor: UJI, body: "Japanische Gusseisenkanne, 0,8 l, innen emailliert.", variants: colors("Schwarz", "Dunkelgrün"), popularity: 3, grams: 1600, tags: ["Teekanne", "Japan"] },
  { title: "Porzellan Teekanne Friesenrose", group: "teapot", price: 44.9, vendor: SELB, body: "Ostfriesisches Dekor, 1,4 l.", popularity: 2, grams: 1100, tags: ["Teekanne", "Ostfriesland"], with: [["stoevchen-glas", 0.45]] },
  { title: "Teesieb Edelstahl", group: "tea-strainer", price: 8.9, vendor: BRUEHWERK, body: "Feinmaschig, passt in jede Tasse.", popularity: 6, grams: 60, tags: ["Tee-Zubehör"] },
  { title: "Teeglas mit Sieb", group: "tea-strainer", price: 16.9, vendor: BRUEHWERK, body: "Doppelwandiges Glas mit Edelstahlsieb, 350 ml.", popularity: 3, grams: 350, tags: ["Tee-Zubehör"] },
  { title: "Teefilter Papier Gr. M 100 Stück", group: "tea-filter", price: 2.9, vendor: FRIESLAND, body: "Für Tassen und kleine Kannen.", popularity: 6, grams: 60, tags: ["Tee-Zubehör"] },
  { title: "Teefilter Papier Gr. L 100 Stück", group: "tea-filter", price: 3.5, vendor: FRIESLAND, body: "Für Kannen bis 1,5 Liter.", popularity: 4, grams: 80, tags: ["Tee-Zubehör"] },
  { title: "Stövchen Glas", group: "tea-warmer", price: 14.9, vendor: BRUEHWERK, body: "Teewärmer aus Glas für Teelichter.", popularity: 4, grams: 400, tags: ["Tee-Zubehör"] },
  { title: "Stövchen Porzellan Friesenrose", group: "tea-warmer", price: 24.9, vendor: SELB, body: "Passend zur Teekanne Friesenrose.", popularity: 2, grams: 500, tags: ["Tee-Zubehör", "Ostfriesland"] },
  { title: "Teedose 100 g", group: "tea-caddy", price: 9.9, vendor: BRUEHWERK, body: "Luftdichte Weißblechdose mit Innendeckel.", variants: colors("Schwarz", "Grün", "Rot"), popularity: 4, grams: 150, tags: ["Aufbewahrung"] },
  { title: "Teedose Washi 200 g", group: "tea-caddy", price: 19.9, vendor: UJI, body: "Mit japanischem Washi-Papier bezogen.", popularity: 2, grams: 200, tags: ["Aufbewahrung", "Japan"] },
  { title: "Teeuhr Sanduhr 3 Minuten", group: "tea-caddy", price: 7.9, vendor: BRUEHWERK, body: "Für die perfekte Ziehzeit.", popularity: 2, grams: 100, tags: ["Tee-Zubehör"] },
  { title: "Matcha Besen Chasen", group: "chasen", price: 19.9, vendor: UJI, body: "Handgefertigter Bambusbesen mit 80 Borsten.", popularity: 4, grams: 40, tags: ["Matcha-Zubehör"] },
  { title: "Matcha Schale Chawan", group: "chawan", price: 29.9, vendor: UJI, body: "Handgetöpferte Matcha-Schale, jedes Stück ein Unikat.", variants: colors("Seladon", "Schwarz"), popularity: 3, grams: 450, tags: ["Matcha-Zubehör"] },
  { title: "Bambuslöffel Chashaku", group: "chashaku", price: 6.9, vendor: UJI, body: "Traditioneller Bambuslöffel zum Dosieren von Matcha.", popularity: 3, grams: 10, tags: ["Matcha-Zubehör"] },
  { title: "Chasen Halter Keramik", group: "chashaku", price: 12.9, vendor: UJI, body: "Bewahrt die Form des Matcha-Besens.", popularity: 2, grams: 150, tags: ["Matcha-Zubehör"] },
  // Cups & mugs
  { title: "Espressotassen 2er Set", group: "espresso-cups", price: 19.9, vendor: SELB, body: "Dickwandiges Porzellan, 80 ml, mit Untertassen.", variants: colors("Weiß", "Schwarz"), popularity: 5, grams: 600, tags: ["Tassen"] },
  { title: "Cappuccinotassen 2er Set", group: "cups", price: 24.9, vendor: SELB, body: "180 ml, ideal für Latte Art.", variants: colors("Weiß", "Anthrazit"), popularity: 5, grams: 800, tags: ["Tassen"] },
  { title: "Latte Macchiato Gläser 2er Set", group: "cups", price: 19.9, vendor: BRUEHWERK, body: "Doppelwandig, 350 ml.", popularity: 4, grams: 500, tags: ["Gläser"] },
  { title: "Kaffeebecher Alpenröster", group: "cups", price: 14.9, vendor: HOUSE, body: "Steingutbecher mit Logo, 300 ml.", popularity: 3, grams: 400, tags: ["Tassen", "Merch"] },
  { title: "Thermobecher To Go 350 ml", group: "travel-mug", price: 24.9, vendor: BRUEHWERK, body: "Auslaufsicher, hält 6 Stunden warm.", variants: colors("Schwarz", "Salbei", "Sand"), popularity: 5, grams: 300, tags: ["To Go"] },
  { title: "Thermoskanne 1 Liter", group: "travel-mug", price: 34.9, vendor: BRUEHWERK, body: "Edelstahl, für Tee und Kaffee.", popularity: 3, grams: 600, tags: ["To Go"] },
  // Sweets
  { title: "Cantuccini Mandel 200 g", group: "sweets", price: 4.9, vendor: KONDITOREI, body: "Toskanisches Mandelgebäck.", popularity: 7, grams: 220, tags: ["Gebäck"] },
  { title: "Amarettini 150 g", group: "sweets", price: 3.9, vendor: KONDITOREI, body: "Kleine Mandelmakronen.", popularity: 4, grams: 170, tags: ["Gebäck"] },
  { title: "Zartbitterschokolade 70 Prozent", group: "sweets", price: 3.5, vendor: KONDITOREI, body: "Edelkakao aus Ecuador, 100 g.", popularity: 5, grams: 110, tags: ["Schokolade"] },
  { title: "Vollmilch Haselnuss Schokolade", group: "sweets", price: 3.5, vendor: KONDITOREI, body: "Ganze Haselnüsse, 100 g.", popularity: 4, grams: 110, tags: ["Schokolade"] },
  { title: "Schokolierte Kaffeebohnen 150 g", group: "sweets", price: 5.9, vendor: HOUSE, body: "Espressobohnen in Zartbitterschokolade.", popularity: 4, grams: 170, tags: ["Schokolade", "Kaffee"] },
  { title: "Lebkuchen Nürnberger Art", group: "sweets", price: 6.9, vendor: KONDITOREI, body: "Elisenlebkuchen mit Schokoladenglasur, 5 Stück.", popularity: 5, season: "christmas", grams: 300, tags: ["Gebäck", "Weihnachten"] },
  { title: "Spekulatius Butter 200 g", group: "sweets", price: 3.9, vendor: KONDITOREI, body: "Mit Butter und Gewürzen.", popularity: 4, season: "christmas", grams: 220, tags: ["Gebäck", "Weihnachten"] },
  { title: "Stollenkonfekt 250 g", group: "sweets", price: 7.5, vendor: KONDITOREI, body: "Kleiner Butterstollen in Happen.", popularity: 4, season: "christmas", grams: 270, tags: ["Gebäck", "Weihnachten"] },
  { title: "Vanillesirup 700 ml", group: "syrup", price: 8.9, vendor: BELLINI, body: "Für Latte und Cappuccino.", popularity: 5, grams: 1100, tags: ["Sirup"] },
  { title: "Karamellsirup 700 ml", group: "syrup", price: 8.9, vendor: BELLINI, body: "Gesalzenes Karamell.", popularity: 5, grams: 1100, tags: ["Sirup"] },
  { title: "Haselnusssirup 700 ml", group: "syrup", price: 8.9, vendor: BELLINI, body: "Geröstete Haselnuss.", popularity: 3, grams: 1100, tags: ["Sirup"] },
  { title: "Lebkuchensirup 700 ml", group: "syrup", price: 9.5, vendor: BELLINI, body: "Für den Weihnachts-Latte.", popularity: 3, season: "christmas", grams: 1100, tags: ["Sirup", "Weihnachten"] },
  { title: "Kandis Braun 500 g", group: "sugar-honey", price: 3.5, vendor: FRIESLAND, body: "Brauner Kluntje für die Teezeremonie.", popularity: 4, grams: 520, tags: ["Zucker", "Ostfriesland"] },
  { title: "Kluntjes Weiß 500 g", group: "sugar-honey", price: 3.2, vendor: FRIESLAND, body: "Weißer Kandis in großen Stücken.", popularity: 3, grams: 520, tags: ["Zucker", "Ostfriesland"] },
  { title: "Akazienhonig 500 g", group: "sugar-honey", price: 7.9, vendor: FRIESLAND, body: "Mild und flüssig, aus Ungarn.", popularity: 3, grams: 700, tags: ["Honig"] },
  { title: "Rohrzucker Sticks 100 Stück", group: "sugar-honey", price: 4.5, vendor: HOUSE, body: "Einzeln verpackt, für Gäste und Büro.", popularity: 2, grams: 450, tags: ["Zucker"] },
  // Gifts
  { title: "Adventskalender Tee", group: "advent-calendar", price: 29.9, vendor: GRUENWALD, body: "24 Tees in Pyramidenbeuteln.", popularity: 6, season: "christmas", grams: 600, tags: ["Adventskalender", "Weihnachten"] },
  { title: "Adventskalender Kaffee", group: "advent-calendar", price: 39.9, vendor: HOUSE, body: "24 Kaffees aus aller Welt, je 20 g.", popularity: 5, season: "christmas", grams: 700, tags: ["Adventskalender", "Weihnachten"] },
  { title: "Geschenkset Espresso Entdecker", group: "gift-set", price: 34.9, vendor: HOUSE, body: "Drei Espressi à 250 g in der Geschenkbox.", popularity: 5, grams: 900, tags: ["Geschenk"] },
  { title: "Geschenkset Tee Klassiker", group: "gift-set", price: 29.9, vendor: GRUENWALD, body: "Fünf Teedosen mit unseren beliebtesten Sorten.", popularity: 4, grams: 700, tags: ["Geschenk"] },
  { title: "Probierset Filterkaffee", group: "gift-set", price: 24.9, vendor: HANSE, body: "Vier Single Origins à 125 g.", popularity: 4, grams: 600, tags: ["Probierset"] },
  { title: "Probierset Tee 10 Sorten", group: "gift-set", price: 19.9, vendor: GRUENWALD, body: "Zehn Tees à 25 g zum Kennenlernen.", popularity: 4, grams: 400, tags: ["Probierset"] },
  { title: "Geschenkbox Barista", group: "gift-set", price: 69.9, vendor: HOUSE, body: "Milchkännchen, Tamper und 500 g Espresso Barista Blend.", popularity: 2, grams: 1500, tags: ["Geschenk", "Barista"] },
  { title: "Geschenkbox Matcha Starter", group: "gift-set", price: 49.9, vendor: UJI, body: "Matcha 30 g, Chasen und Chashaku.", popularity: 2, grams: 300, tags: ["Geschenk", "Matcha"] },
  // Storage
  { title: "Kaffeedose Vakuum 500 g", group: "storage", price: 29.9, vendor: BRUEHWERK, body: "Hält Bohnen länger frisch dank Vakuumdeckel.", variants: colors("Edelstahl", "Schwarz"), popularity: 4, grams: 500, tags: ["Aufbewahrung"] },
  { title: "Vorratsdose Keramik 1 kg", group: "storage", price: 24.9, vendor: SELB, body: "Mit Bambusdeckel und Silikondichtung.", popularity: 2, grams: 900, tags: ["Aufbewahrung"] },
  { title: "Jutebeutel Alpenröster", group: "storage", price: 6.9, vendor: HOUSE, body: "Aus Kaffeesack-Jute genäht.", popularity: 2, grams: 150, tags: ["Merch"] },
  { title: "Kaffeebohnen Dosierlöffel Holz", group: "storage", price: 5.9, vendor: BRUEHWERK, body: "Buchenholz, fasst 7 g.", popularity: 2, grams: 20, tags: ["Zubehör"] },
];

export const BASKET_RULES: readonly BasketRule[] = [
  {
    key: "espresso-setup",
    anchor: ["espresso-machine"],
    anchorCount: [1, 1],
    complements: [
      { groups: ["espresso-beans"], probability: 0.85, max: 2 },
      { groups: ["milk-jug"], probability: 0.55 },
      { groups: ["descaler"], probability: 0.45 },
      { groups: ["cleaning"], probability: 0.35 },
      { groups: ["knock-box"], probability: 0.25 },
      { groups: ["espresso-cups"], probability: 0.2 },
      { groups: ["grinder"], probability: 0.2 },
    ],
    firstOrderWeight: { espresso: 0.18, allrounder: 0.04 },
    repeatOrderWeight: { espresso: 0.015, allrounder: 0.005 },
  },
  {
    key: "fully-automatic-setup",
    anchor: ["fully-automatic"],
    anchorCount: [1, 1],
    complements: [
      { groups: ["espresso-beans", "filter-beans"], probability: 0.85, max: 2 },
      { groups: ["descaler"], probability: 0.6 },
      { groups: ["cleaning"], probability: 0.5 },
      { groups: ["milk-cleaner"], probability: 0.45 },
    ],
    firstOrderWeight: { espresso: 0.07, allrounder: 0.04 },
    repeatOrderWeight: { espresso: 0.01 },
  },
  {
    key: "grinder-upgrade",
    anchor: ["grinder"],
    anchorCount: [1, 1],
    complements: [
      { groups: ["espresso-beans", "filter-beans"], probability: 0.7, max: 2 },
      { groups: ["cleaning"], probability: 0.2 },
      { groups: ["storage"], probability: 0.15 },
    ],
    firstOrderWeight: { espresso: 0.05, filter: 0.08 },
    repeatOrderWeight: { espresso: 0.03, filter: 0.03 },
  },
  {
    key: "moka",
    anchor: ["moka-pot"],
    anchorCount: [1, 1],
    complements: [
      { groups: ["espresso-cups"], probability: 0.15 },
      { groups: ["sweets"], probability: 0.15 },
    ],
    firstOrderWeight: { espresso: 0.05, allrounder: 0.06 },
    repeatOrderWeight: { espresso: 0.01 },
  },
  {
    key: "espresso-refill",
    anchor: ["espresso-beans", "decaf-beans"],
    anchorCount: [1, 3],
    usesFavourites: true,
    complements: [
      { groups: ["descaler"], probability: 0.08 },
      { groups: ["cleaning"], probability: 0.08 },
      { groups: ["syrup"], probability: 0.08 },
      { groups: ["sweets"], probability: 0.1 },
      { groups: ["barista-tools"], probability: 0.05 },
    ],
    firstOrderWeight: { espresso: 0.4, allrounder: 0.15 },
    repeatOrderWeight: { espresso: 0.8, allrounder: 0.25 },
  },
  {
    key: "pour-over-setup",
    anchor: ["pour-over"],
    anchorCount: [1, 1],
    complements: [
      { groups: ["filter-beans"], probability: 0.65, max: 2 },
      { groups: ["kettle"], probability: 0.3 },
      { groups: ["scale"], probability: 0.25 },
    ],
    firstOrderWeight: { filter: 0.28, allrounder: 0.05 },
    repeatOrderWeight: { filter: 0.03 },
  },
  {
    key: "french-press",
    anchor: ["french-press", "coffee-press"],
    anchorCount: [1, 1],
    complements: [{ groups: ["filter-beans"], probability: 0.25 }],
    firstOrderWeight: { filter: 0.1, allrounder: 0.07 },
    repeatOrderWeight: { filter: 0.02 },
  },
  {
    key: "filter-refill",
    anchor: ["filter-beans", "ground-coffee"],
    anchorCount: [1, 2],
    usesFavourites: true,
    complements: [
      { groups: ["filter-paper"], probability: 0.3 },
      { groups: ["sweets"], probability: 0.08 },
      { groups: ["descaler"], probability: 0.04 },
    ],
    firstOrderWeight: { filter: 0.4, allrounder: 0.15 },
    repeatOrderWeight: { filter: 0.8, allrounder: 0.25 },
  },
  {
    key: "cold-brew",
    anchor: ["cold-brew"],
    anchorCount: [1, 1],
    season: "summer",
    complements: [{ groups: ["travel-mug"], probability: 0.15 }],
    firstOrderWeight: { filter: 0.03, espresso: 0.02, allrounder: 0.03 },
    repeatOrderWeight: { filter: 0.02, espresso: 0.01, allrounder: 0.02 },
  },
  {
    key: "tea-setup",
    anchor: ["teapot"],
    anchorCount: [1, 1],
    complements: [
      { groups: ["black-tea", "green-tea", "herbal-tea", "fruit-tea"], probability: 0.85, max: 2 },
      { groups: ["tea-strainer", "tea-filter"], probability: 0.5 },
      { groups: ["tea-warmer"], probability: 0.35 },
      { groups: ["tea-caddy"], probability: 0.2 },
    ],
    firstOrderWeight: { tea: 0.18, allrounder: 0.04 },
    repeatOrderWeight: { tea: 0.02 },
  },
  {
    key: "tea-refill",
    anchor: ["black-tea", "green-tea", "herbal-tea", "fruit-tea"],
    anchorCount: [1, 4],
    usesFavourites: true,
    complements: [
      { groups: ["tea-filter"], probability: 0.2 },
      { groups: ["sugar-honey"], probability: 0.15 },
      { groups: ["sweets"], probability: 0.08 },
      { groups: ["tea-caddy"], probability: 0.05 },
    ],
    firstOrderWeight: { tea: 0.6, allrounder: 0.15, matcha: 0.05 },
    repeatOrderWeight: { tea: 0.85, allrounder: 0.25, matcha: 0.1 },
  },
  {
    key: "matcha-start",
    anchor: ["matcha"],
    anchorCount: [1, 1],
    complements: [{ groups: ["green-tea"], probability: 0.15 }],
    firstOrderWeight: { matcha: 0.8, tea: 0.03, allrounder: 0.02 },
    repeatOrderWeight: { matcha: 0.05 },
  },
  {
    key: "matcha-refill",
    anchor: ["matcha"],
    anchorCount: [1, 2],
    usesFavourites: true,
    complements: [{ groups: ["sweets"], probability: 0.05 }],
    firstOrderWeight: {},
    repeatOrderWeight: { matcha: 0.8, tea: 0.02 },
  },
  {
    key: "gift",
    anchor: ["gift-set", "advent-calendar"],
    anchorCount: [1, 2],
    season: "christmas",
    complements: [
      { groups: ["sweets"], probability: 0.3 },
      { groups: ["cups", "espresso-cups"], probability: 0.1 },
    ],
    firstOrderWeight: { espresso: 0.03, filter: 0.03, tea: 0.03, matcha: 0.02, allrounder: 0.06 },
    repeatOrderWeight: { espresso: 0.02, filter: 0.02, tea: 0.02, matcha: 0.02, allrounder: 0.04 },
  },
  {
    key: "treats",
    anchor: ["sweets", "syrup", "cups", "travel-mug", "storage"],
    anchorCount: [1, 2],
    complements: [{ groups: ["espresso-beans", "filter-beans", "black-tea"], probability: 0.3 }],
    firstOrderWeight: { espresso: 0.02, filter: 0.02, tea: 0.02, allrounder: 0.05 },
    repeatOrderWeight: { espresso: 0.04, filter: 0.04, tea: 0.04, matcha: 0.02, allrounder: 0.08 },
  },
];

/** Which groups hold a taste profile's everyday re-buys (its favourites come from these). */
export const FAVOURITE_GROUPS: Record<TasteProfile, readonly ProductGroup[]> = {
  espresso: ["espresso-beans"],
  filter: ["filter-beans", "ground-coffee"],
  tea: ["black-tea", "green-tea", "herbal-tea", "fruit-tea"],
  matcha: ["matcha"],
  allrounder: ["espresso-beans", "filter-beans", "black-tea", "herbal-tea"],
};

/** URL handle the way German merchants write them: umlauts transliterated, the rest '-'. */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function skuCode(text: string): string {
  return text
    .toUpperCase()
    .replace(/Ä/g, "AE")
    .replace(/Ö/g, "OE")
    .replace(/Ü/g, "UE")
    .replace(/ß/g, "SS")
    .replace(/[^A-Z0-9]+/g, "")
    .slice(0, 6);
}

/** Shop-style price point: ends in ,90 or ,50 below 100 EUR, whole euros (x9,00) above. */
function pricePoint(euros: number): number {
  if (euros >= 100) return Math.round(euros / 10) * 10 - 1;
  const tenth = Math.round(euros * 2) / 2;
  return Math.max(0.9, tenth - (tenth % 1 === 0 ? 0.1 : 0));
}

export function formatMinor(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * 18-digit Shopify-style id: a two-digit kind prefix and a 16-digit body. The body stays a safe
 * integer, the whole id does not, which is the point: receivers must not parse ids as doubles.
 */
export function composeId(prefix: number, body: number): string {
  if (prefix < 10 || prefix > 99 || !Number.isSafeInteger(body) || body < 0 || body >= 1e16) {
    throw new RangeError(`composeId: bad prefix ${prefix} or body ${body}`);
  }
  return `${prefix}${String(body).padStart(16, "0")}`;
}

export const ID_PREFIX = {
  product: 71,
  variant: 72,
  inventoryItem: 73,
  productOption: 74,
  collection: 75,
  customer: 81,
  customerAddress: 82,
  order: 83,
  lineItem: 84,
  shippingLine: 85,
  refund: 86,
  refundLineItem: 87,
  transaction: 88,
  orderAdjustment: 89,
  fulfillment: 91,
} as const;

// A fixed instant (2023-11-14T22:13:20Z) as the catalog ids' body base: the catalog must not
// depend on the history's seed or end date.
const CATALOG_ID_BASE = 1_700_000_000 * 1_000_000;

function buildCatalog(): Catalog {
  // Inventory levels are part of the static catalog, so they come from a fixed private seed.
  const rng = new Random(0xc0ffee);
  const collections: CatalogCollection[] = Object.entries(COLLECTION_TITLES).map(([handle, title], i) => ({
    id: composeId(ID_PREFIX.collection, CATALOG_ID_BASE + (i + 1) * 7919),
    handle,
    title,
  }));
  const products: CatalogProduct[] = [];
  const seenHandles = new Set<string>();
  const seenSkus = new Set<string>();
  let variantSeq = 0;
  PRODUCT_DEFS.forEach((def, index) => {
    const info = GROUPS[def.group];
    const handle = slugify(def.title);
    if (seenHandles.has(handle)) throw new Error(`catalog: duplicate handle ${handle}`);
    seenHandles.add(handle);
    const productId = composeId(ID_PREFIX.product, CATALOG_ID_BASE + (index + 1) * 104_729);
    const scheme = def.variants;
    const values = scheme ? scheme.values : ([["Default Title", 1, def.grams ?? 500]] as const);
    const titleCode = def.title.split(/\s+/).slice(0, 3).map((w) => skuCode(w).slice(0, 3)).join("");
    const baseSku = `${skuCode(def.vendor).slice(0, 3)}-${titleCode}-${String(index + 1).padStart(3, "0")}`;
    const variants: CatalogVariant[] = values.map(([title, factor, grams], vi) => {
      variantSeq += 1;
      const priceMinor = Math.round(pricePoint(def.price * factor) * 100);
      // Roughly one variant in twenty is sold out; a third of those can be backordered.
      const soldOut = rng.chance(0.05);
      const backorder = soldOut && rng.chance(0.35);
      const inventoryQuantity = soldOut ? 0 : info.consumable ? rng.int(15, 400) : rng.int(2, 60);
      const sku = scheme ? `${baseSku}-${skuCode(title)}` : baseSku;
      if (seenSkus.has(sku)) throw new Error(`catalog: duplicate sku ${sku}`);
      seenSkus.add(sku);
      return {
        id: composeId(ID_PREFIX.variant, CATALOG_ID_BASE + variantSeq * 15_485_863),
        inventoryItemId: composeId(ID_PREFIX.inventoryItem, CATALOG_ID_BASE + variantSeq * 32_452_843),
        productId,
        title,
        option1: scheme ? title : "Default Title",
        position: vi + 1,
        sku,
        price: formatMinor(priceMinor),
        priceMinor,
        compareAtPrice: rng.chance(0.06) ? formatMinor(Math.round(priceMinor * 1.2 / 100) * 100 - 10) : null,
        grams: grams > 0 ? grams : (def.grams ?? 500),
        inventoryQuantity,
        inventoryPolicy: backorder ? "continue" : "deny",
        available: !soldOut || backorder,
      };
    });
    // A product whose only variant is unsellable would silently vanish from every basket draw;
    // keep at least one sellable variant per product.
    if (!variants.some((v) => v.available)) {
      const first = variants[0] as CatalogVariant;
      first.inventoryPolicy = "continue";
      first.available = true;
    }
    products.push({
      id: productId,
      optionId: composeId(ID_PREFIX.productOption, CATALOG_ID_BASE + (index + 1) * 49_979_687),
      handle,
      title: def.title,
      bodyHtml: `<p>${def.body}</p>`,
      vendor: def.vendor,
      productType: info.productType,
      tags: def.tags ?? [],
      collection: info.collection,
      group: def.group,
      taxClass: info.taxClass,
      popularity: def.popularity ?? 3,
      season: def.season ?? null,
      optionName: scheme ? scheme.option : null,
      consumable: info.consumable,
      companions: def.with ?? [],
      variants,
    });
  });
  const byHandle = new Map(products.map((p) => [p.handle, p] as const));
  for (const product of products) {
    for (const [handle] of product.companions) {
      if (!byHandle.has(handle)) throw new Error(`catalog: ${product.handle} names unknown companion ${handle}`);
    }
  }
  const byGroup = new Map<ProductGroup, CatalogProduct[]>();
  for (const product of products) {
    const list = byGroup.get(product.group) ?? [];
    list.push(product);
    byGroup.set(product.group, list);
  }
  for (const rule of BASKET_RULES) {
    for (const group of [...rule.anchor, ...rule.complements.flatMap((c) => c.groups)]) {
      if (!byGroup.has(group)) throw new Error(`catalog: basket ${rule.key} uses empty group ${group}`);
    }
  }
  return { collections, products, byHandle, byGroup, basketRules: BASKET_RULES };
}

let cached: Catalog | undefined;

/** The demo catalog (built once; treat as read-only). */
export function getDemoCatalog(): Catalog {
  cached ??= buildCatalog();
  return cached;
}
