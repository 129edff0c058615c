// Customers of a German-speaking shop: names, postal addresses in DE/AT/CH, phones and emails.
// Texts stay within Latin-1 on purpose: V8 stores such strings at one byte per character, and
// the history holds ~180 MB of bodies.
// Emails use reserved domains (RFC 2606 / RFC 6761) so a demo install can never mail a real
// person; phones use mobile prefixes but are otherwise random.

import type { Random } from "./random";

export type CountryCode = "DE" | "AT" | "CH";

export interface PostalAddress {
  address1: string;
  address2: string | null;
  city: string;
  zip: string;
  countryCode: CountryCode;
  /** English country name, as Shopify writes it in addresses. */
  country: string;
  company: string | null;
}

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  address: PostalAddress;
  /** Checkout locale Shopify records on the order. */
  locale: string;
}

const FEMALE = [
  "Anna", "Lena", "Laura", "Julia", "Sarah", "Lisa", "Katharina", "Sophie", "Marie", "Hannah",
  "Johanna", "Lea", "Clara", "Emma", "Mia", "Charlotte", "Franziska", "Christina", "Sabine", "Petra",
  "Monika", "Claudia", "Susanne", "Andrea", "Birgit", "Karin", "Ursula", "Nicole", "Stefanie", "Melanie",
  "Jana", "Theresa", "Magdalena", "Verena", "Carina", "Elisabeth", "Ingrid", "Renate", "Miriam", "Anja",
  "Bettina", "Heike", "Nadine", "Sandra", "Kerstin", "Vanessa", "Luisa", "Greta", "Ida", "Frieda",
];

const MALE = [
  "Lukas", "Leon", "Felix", "Jonas", "Maximilian", "Paul", "Elias", "Noah", "Ben", "Finn",
  "Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Martin", "Peter", "Klaus", "Jürgen",
  "Wolfgang", "Frank", "Tobias", "Matthias", "Daniel", "Florian", "Sebastian", "Alexander", "Philipp", "Simon",
  "David", "Moritz", "Jan", "Niklas", "Tim", "Dominik", "Benedikt", "Johannes", "Georg", "Bernhard",
  "Rainer", "Uwe", "Dieter", "Heinz", "Ralf", "Oliver", "Jakob", "Valentin", "Fabian", "Konstantin",
];

const LAST = [
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
  "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
  "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
  "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
  "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert",
  "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz",
  "Baumann", "Franke", "Albrecht", "Ludwig", "Winter", "Simon", "Kraus", "Böhm", "Vogt", "Otto",
  "Gruber", "Pichler", "Steiner", "Moser", "Leitner", "Hofer", "Egger", "Brunner", "Lechner", "Wallner",
  "Ammann", "Gerber", "Wyss", "Baumgartner", "Widmer", "Frei", "Zürcher", "Kälin", "Graf", "Sutter",
  "Öztürk", "Nowak", "Kowalski", "Rossi", "Horvat", "Schulte", "Engel", "Sommer", "Haas", "Seidel",
];

const STREETS_DE = [
  "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Gartenstraße", "Lindenallee",
  "Kirchgasse", "Am Markt", "Bergstraße", "Rosenweg", "Mozartstraße", "Friedrichstraße", "Wiesenweg",
  "Birkenweg", "Kastanienallee", "Uhlandstraße", "Ringstraße", "Feldstraße", "Waldstraße", "Am Mühlbach",
  "Lessingstraße", "Beethovenstraße", "Eichendorffweg", "Poststraße", "Schulstraße", "Marienplatz",
];
const STREETS_AT = [
  "Mariahilfer Straße", "Landstraßer Hauptstraße", "Herrengasse", "Getreidegasse", "Annenstraße",
  "Linzer Gasse", "Maria-Theresien-Straße", "Wiener Straße", "Kaiserstraße", "Neubaugasse", "Schönbrunner Straße",
];
const STREETS_CH = [
  "Bahnhofstrasse", "Seestrasse", "Dorfstrasse", "Kirchgasse", "Hauptstrasse", "Bergstrasse",
  "Marktgasse", "Rosenweg", "Schulhausstrasse", "Zürcherstrasse",
];

const CITIES: Record<CountryCode, ReadonlyArray<readonly [zip: string, city: string, weight: number]>> = {
  DE: [
    ["10115", "Berlin", 6], ["10437", "Berlin", 5], ["12047", "Berlin", 4], ["20095", "Hamburg", 4],
    ["22765", "Hamburg", 3], ["80331", "München", 4], ["81667", "München", 4], ["50667", "Köln", 4],
    ["60311", "Frankfurt am Main", 3], ["70173", "Stuttgart", 3], ["40213", "Düsseldorf", 3],
    ["04109", "Leipzig", 3], ["01067", "Dresden", 2], ["30159", "Hannover", 2], ["90402", "Nürnberg", 2],
    ["28195", "Bremen", 2], ["79098", "Freiburg im Breisgau", 2], ["48143", "Münster", 2],
    ["69117", "Heidelberg", 1], ["93047", "Regensburg", 1], ["86150", "Augsburg", 1], ["53111", "Bonn", 1],
    ["24103", "Kiel", 1], ["18055", "Rostock", 1], ["99084", "Erfurt", 1], ["55116", "Mainz", 1],
    ["97070", "Würzburg", 1], ["14467", "Potsdam", 1], ["76133", "Karlsruhe", 1], ["52062", "Aachen", 1],
    ["33602", "Bielefeld", 1], ["37073", "Göttingen", 1], ["26122", "Oldenburg", 1], ["21335", "Lüneburg", 1],
    ["26789", "Leer (Ostfriesland)", 1], ["26603", "Aurich", 1], ["83022", "Rosenheim", 1], ["87435", "Kempten (Allgäu)", 1],
  ],
  AT: [
    ["1010", "Wien", 3], ["1070", "Wien", 3], ["1180", "Wien", 2], ["8010", "Graz", 2], ["4020", "Linz", 2],
    ["5020", "Salzburg", 2], ["6020", "Innsbruck", 2], ["9020", "Klagenfurt am Wörthersee", 1],
    ["4600", "Wels", 1], ["3100", "St. Pölten", 1], ["6850", "Dornbirn", 1], ["6900", "Bregenz", 1],
  ],
  CH: [
    ["8001", "Zürich", 3], ["8004", "Zürich", 2], ["4051", "Basel", 2], ["3011", "Bern", 2], ["6003", "Luzern", 2],
    ["9000", "St. Gallen", 1], ["8400", "Winterthur", 1], ["6300", "Zug", 1], ["8200", "Schaffhausen", 1], ["7000", "Chur", 1],
  ],
};

const COUNTRY_NAMES: Record<CountryCode, string> = { DE: "Germany", AT: "Austria", CH: "Switzerland" };
const LOCALES: Record<CountryCode, string> = { DE: "de", AT: "de-AT", CH: "de-CH" };

// Reserved names only: example.com/.net/.org and the .example TLD.
const EMAIL_DOMAINS: Record<CountryCode, readonly string[]> = {
  DE: ["example.com", "example.net", "example.org", "mail.example", "web.example", "posteingang.example"],
  AT: ["example.com", "example.org", "mail.example", "oesterreich.example"],
  CH: ["example.com", "example.net", "mail.example", "schweiz.example"],
};

const COMPANIES = [
  "Kanzlei Berger & Partner", "Praxis am Park", "Architekturbüro Lindner", "Bäckerei Sonnenschein",
  "Werbeagentur Blaupause", "Ingenieurbüro Keller", "Café am Eck", "Steuerberatung Huber",
];

function ascii(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z]/g, "");
}

function mobile(rng: Random, country: CountryCode): string {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join("");
  switch (country) {
    case "DE":
      return `+49${rng.pick(["151", "152", "157", "160", "162", "170", "171", "172", "173", "176", "177", "178", "179"])}${digits(rng.int(7, 8))}`;
    case "AT":
      return `+43${rng.pick(["650", "660", "664", "676", "680", "699"])}${digits(7)}`;
    case "CH":
      return `+41${rng.pick(["76", "77", "78", "79"])}${digits(7)}`;
  }
}

function postalAddress(rng: Random, countryCode: CountryCode): PostalAddress {
  const cities = CITIES[countryCode];
  const [zip, city] = cities[rng.weightedIndex(cities.map((c) => c[2]))] as (typeof cities)[number];
  const streets = countryCode === "DE" ? STREETS_DE : countryCode === "AT" ? STREETS_AT : STREETS_CH;
  const number = `${rng.int(1, 140)}${rng.chance(0.12) ? rng.pick(["a", "b", "c"]) : ""}`;
  const address2 =
    countryCode === "AT" && rng.chance(0.5)
      ? `Top ${rng.int(1, 24)}`
      : rng.chance(0.12)
        ? rng.pick(["Hinterhaus", "2. OG", "3. OG links", "c/o Packstation", "Seiteneingang"])
        : null;
  return {
    address1: `${rng.pick(streets)} ${number}`,
    address2,
    city,
    zip,
    countryCode,
    country: COUNTRY_NAMES[countryCode],
    company: rng.chance(0.04) ? rng.pick(COMPANIES) : null,
  };
}

/**
 * Who receives a parcel sent elsewhere (a present, the office): another person in the buyer's
 * country. No email or phone: only the address goes on the order.
 */
export function giftRecipient(rng: Random, countryCode: CountryCode): Pick<Person, "firstName" | "lastName" | "address"> {
  const firstName = rng.chance(0.52) ? rng.pick(FEMALE) : rng.pick(MALE);
  return { firstName, lastName: rng.pick(LAST), address: postalAddress(rng, countryCode) };
}

/**
 * Makes people with unique emails and phones (Shopify enforces both per shop). The registries
 * are shared across the whole history, guests included.
 */
export class PeopleFactory {
  private readonly emails = new Set<string>();
  private readonly phones = new Set<string>();

  constructor(private readonly rng: Random) {}

  country(): CountryCode {
    const r = this.rng.next();
    return r < 0.78 ? "DE" : r < 0.92 ? "AT" : "CH";
  }

  make(phoneShare: number): Person {
    const rng = this.rng;
    const countryCode = this.country();
    const firstName = rng.chance(0.52) ? rng.pick(FEMALE) : rng.pick(MALE);
    const lastName = rng.pick(LAST);
    const address = postalAddress(rng, countryCode);
    let phone: string | null = null;
    if (rng.chance(phoneShare)) {
      do phone = mobile(rng, countryCode);
      while (this.phones.has(phone));
      this.phones.add(phone);
    }
    return { firstName, lastName, email: this.email(firstName, lastName, countryCode), phone, address, locale: LOCALES[countryCode] };
  }

  private email(first: string, last: string, country: CountryCode): string {
    const rng = this.rng;
    const f = ascii(first);
    const l = ascii(last);
    const patterns = [`${f}.${l}`, `${f}${l}`, `${f[0]}.${l}`, `${f}_${l}`, `${l}.${f}`, `${f}.${l}${rng.int(60, 99)}`, `${f}${rng.int(1, 999)}`];
    const domain = rng.pick(EMAIL_DOMAINS[country]);
    let local = rng.pick(patterns);
    let email = `${local}@${domain}`;
    while (this.emails.has(email)) {
      local = `${f}.${l}${rng.int(1, 9999)}`;
      email = `${local}@${domain}`;
    }
    this.emails.add(email);
    return email;
  }
}
