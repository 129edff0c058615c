import { argumentsOf, GraphqlRequestError, type ActionAnswer, type UserError } from "./shopify-admin-actions";

// Automatic app discounts (discounts backed by an app's discount Function) in the fake Admin API,
// written from Shopify's GraphQL Admin reference (2026-10), not from the app's code:
// - discountAutomaticAppCreate(automaticAppDiscount: DiscountAutomaticAppInput!) and
//   discountAutomaticAppUpdate(id: ID!, automaticAppDiscount: DiscountAutomaticAppInput!) →
//   { automaticAppDiscount: DiscountAutomaticApp { discountId, title, status, discountClasses,
//   combinesWith, startsAt, endsAt }, userErrors: [DiscountUserError] }.
// - DiscountAutomaticAppInput: title, functionHandle (functionId is deprecated: one of them names
//   the Function on creation), discountClasses [ORDER | PRODUCT | SHIPPING], combinesWith
//   { orderDiscounts, productDiscounts, shippingDiscounts }, startsAt, endsAt, metafields
//   [MetafieldInput { namespace, key, type, value }]. On update, fields left out keep their value
//   and metafields are set by namespace and key.
// - Namespaces starting with `$app:` are the requesting app's own: Shopify stores them as
//   `app--<app id>--<rest>` and resolves `$app:` the same way when the app reads them.
// - discountNodes(first, after, query) → { nodes: [DiscountNode { id, metafield(namespace, key),
//   discount { __typename, ... on DiscountAutomaticApp { discountId title status } } }], pageInfo };
//   the fake understands the documented filter `method:automatic` | `method:code` (it holds only
//   automatic discounts) and answers nothing for filters it does not know.
// What the reference does not spell out, the fake chooses and says so: an unknown Function
// handle is a userError on functionHandle with code INVALID; a title or startsAt left blank on
// creation is BLANK; an unknown id on update is INVALID on `id`.

const APP_ID = "4321987654321";
const DISCOUNT_CLASSES = new Set(["ORDER", "PRODUCT", "SHIPPING"]);
const ARGUMENT = "automaticAppDiscount";

export interface FakeAutomaticDiscount {
  /** gid://shopify/DiscountAutomaticNode/…, the DiscountAutomaticApp's discountId. */
  discountId: string;
  title: string;
  functionHandle: string;
  discountClasses: string[];
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  startsAt: string;
  endsAt: string | null;
  /** By resolved namespace and key ("app--…--loyalty-discount|configuration"). */
  metafields: Map<string, { namespace: string; key: string; type: string; value: string }>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function resolveNamespace(namespace: string): string {
  return namespace.startsWith("$app:") ? `app--${APP_ID}--${namespace.slice("$app:".length)}` : namespace;
}

export class FakeAutomaticAppDiscounts {
  readonly discounts = new Map<string, FakeAutomaticDiscount>();
  /** The handles of the app's deployed Functions; take one out to act as if it was never deployed. */
  readonly functionHandles = new Set(["loyalty-discount"]);
  private nextId = 1_180_591_620_717_411_303n; // beyond 2^53, as real ids can be

  constructor(private readonly now: () => number = Date.now) {}

  answer(query: string, variables: Record<string, unknown>): ActionAnswer | null {
    const create = argumentsOf(query, "discountAutomaticAppCreate", variables);
    if (create) return this.create(create);
    const update = argumentsOf(query, "discountAutomaticAppUpdate", variables);
    if (update) return this.update(update);
    const list = argumentsOf(query, "discountNodes", variables) ?? (/\bdiscountNodes\s*\(/.test(query) ? {} : null);
    if (list) return this.list(query, list);
    return null;
  }

  private status(discount: FakeAutomaticDiscount): "ACTIVE" | "SCHEDULED" | "EXPIRED" {
    const now = this.now();
    if (discount.endsAt !== null && Date.parse(discount.endsAt) <= now) return "EXPIRED";
    return Date.parse(discount.startsAt) > now ? "SCHEDULED" : "ACTIVE";
  }

  private view(discount: FakeAutomaticDiscount) {
    const { discountId, title, discountClasses, combinesWith, startsAt, endsAt } = discount;
    return { discountId, title, status: this.status(discount), discountClasses, combinesWith, startsAt, endsAt };
  }

  /** Problems of the input's fields that are present; variable coercion errors are thrown. */
  private problems(input: Record<string, unknown>): UserError[] {
    const at = (...path: string[]) => [ARGUMENT, ...path];
    const errors: UserError[] = [];
    if ("title" in input && (typeof input.title !== "string" || input.title.trim() === "")) {
      errors.push({ field: at("title"), code: "BLANK", message: "Title can't be blank" });
    }
    if ("functionHandle" in input && !this.functionHandles.has(String(input.functionHandle))) {
      errors.push({ field: at("functionHandle"), code: "INVALID", message: `Function ${String(input.functionHandle)} not found.` });
    }
    if ("discountClasses" in input) {
      const classes = input.discountClasses;
      if (!Array.isArray(classes) || classes.some((value) => !DISCOUNT_CLASSES.has(String(value)))) {
        throw new GraphqlRequestError(`Variable $${ARGUMENT} at discountClasses: expected values of DiscountClass`, "INVALID_VARIABLE");
      }
    }
    if ("startsAt" in input && Number.isNaN(Date.parse(String(input.startsAt)))) {
      errors.push({ field: at("startsAt"), code: "INVALID", message: "Starts at is invalid" });
    }
    const metafields = input.metafields ?? [];
    if (!Array.isArray(metafields)) throw new GraphqlRequestError(`Variable $${ARGUMENT} at metafields: expected a list`, "INVALID_VARIABLE");
    metafields.forEach((metafield: unknown, index) => {
      if (!isObject(metafield) || typeof metafield.value !== "string") {
        throw new GraphqlRequestError(`Variable $${ARGUMENT} at metafields.${index}.value: expected a String`, "INVALID_VARIABLE");
      }
      if (metafield.type === "json") {
        try {
          JSON.parse(metafield.value);
        } catch {
          errors.push({ field: at("metafields", String(index), "value"), code: "INVALID", message: "Value must be valid JSON." });
        }
      }
    });
    return errors;
  }

  private apply(discount: FakeAutomaticDiscount, input: Record<string, unknown>): void {
    if (typeof input.title === "string") discount.title = input.title;
    if (Array.isArray(input.discountClasses)) discount.discountClasses = input.discountClasses.map(String);
    if (isObject(input.combinesWith)) {
      const combines = input.combinesWith;
      for (const key of ["orderDiscounts", "productDiscounts", "shippingDiscounts"] as const) {
        if (typeof combines[key] === "boolean") discount.combinesWith[key] = combines[key];
      }
    }
    if (typeof input.startsAt === "string") discount.startsAt = new Date(input.startsAt).toISOString();
    if ("endsAt" in input) discount.endsAt = typeof input.endsAt === "string" ? new Date(input.endsAt).toISOString() : null;
    for (const raw of (input.metafields as Array<Record<string, string>> | undefined) ?? []) {
      const namespace = resolveNamespace(raw.namespace!);
      discount.metafields.set(`${namespace}|${raw.key}`, { namespace, key: raw.key!, type: raw.type!, value: raw.value! });
    }
  }

  private fail(field: "discountAutomaticAppCreate" | "discountAutomaticAppUpdate", userErrors: UserError[]): ActionAnswer {
    return { kind: field, userErrors: true, data: { [field]: { automaticAppDiscount: null, userErrors } } };
  }

  private create(args: Record<string, unknown>): ActionAnswer {
    const input = args[ARGUMENT];
    if (!isObject(input)) throw new GraphqlRequestError(`Variable $${ARGUMENT} of type DiscountAutomaticAppInput! was not provided`, "INVALID_VARIABLE");
    const errors = this.problems(input);
    if (!("title" in input)) errors.push({ field: [ARGUMENT, "title"], code: "BLANK", message: "Title can't be blank" });
    if (!("startsAt" in input)) errors.push({ field: [ARGUMENT, "startsAt"], code: "BLANK", message: "Starts at can't be blank" });
    if (!("functionHandle" in input) && !("functionId" in input)) {
      errors.push({ field: [ARGUMENT, "functionHandle"], code: "BLANK", message: "Function handle or function id must be given" });
    }
    if (errors.length > 0) return this.fail("discountAutomaticAppCreate", errors);
    this.nextId += 1n;
    const discount: FakeAutomaticDiscount = {
      discountId: `gid://shopify/DiscountAutomaticNode/${this.nextId}`,
      title: "",
      functionHandle: String(input.functionHandle ?? input.functionId),
      discountClasses: [],
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
      startsAt: "",
      endsAt: null,
      metafields: new Map(),
    };
    this.apply(discount, input);
    this.discounts.set(discount.discountId, discount);
    return { kind: "discountAutomaticAppCreate", data: { discountAutomaticAppCreate: { automaticAppDiscount: this.view(discount), userErrors: [] } } };
  }

  private update(args: Record<string, unknown>): ActionAnswer {
    const input = args[ARGUMENT];
    if (!isObject(input)) throw new GraphqlRequestError(`Variable $${ARGUMENT} of type DiscountAutomaticAppInput! was not provided`, "INVALID_VARIABLE");
    const discount = this.discounts.get(String(args.id));
    if (!discount) return this.fail("discountAutomaticAppUpdate", [{ field: ["id"], code: "INVALID", message: "Discount does not exist" }]);
    const errors = this.problems(input);
    if (errors.length > 0) return this.fail("discountAutomaticAppUpdate", errors);
    this.apply(discount, input);
    return { kind: "discountAutomaticAppUpdate", data: { discountAutomaticAppUpdate: { automaticAppDiscount: this.view(discount), userErrors: [] } } };
  }

  /** The aliased metafield selections of the nodes' query, e.g. `configuration: metafield(namespace: "$app:x", key: "y") { id value }`. */
  private metafieldSelections(query: string): Array<{ alias: string; namespace: string; key: string }> {
    const pattern = /(?:(\w+)\s*:\s*)?metafield\s*\(\s*namespace:\s*"([^"]+)"\s*,\s*key:\s*"([^"]+)"\s*\)/g;
    return [...query.matchAll(pattern)].map((match) => ({ alias: match[1] ?? "metafield", namespace: resolveNamespace(match[2]!), key: match[3]! }));
  }

  private list(query: string, args: Record<string, unknown>): ActionAnswer {
    const filter = typeof args.query === "string" ? args.query : "";
    const unknownTerm = filter
      .split(/\s+AND\s+/i)
      .filter(Boolean)
      .find((term) => !/^method:automatic$/i.test(term.trim()));
    const matching = unknownTerm ? [] : [...this.discounts.values()];
    const first = Number(/discountNodes\s*\([^)]*first:\s*(\d+)/.exec(query)?.[1] ?? 50);
    const start = typeof args.after === "string" ? Number(args.after) : 0;
    const page = matching.slice(start, start + first);
    const selections = this.metafieldSelections(query);
    const nodes = page.map((discount) => ({
      id: discount.discountId,
      ...Object.fromEntries(
        selections.map(({ alias, namespace, key }) => {
          const metafield = discount.metafields.get(`${namespace}|${key}`);
          return [alias, metafield ? { id: `gid://shopify/Metafield/${discount.discountId.split("/").pop()}${key.length}`, value: metafield.value } : null];
        }),
      ),
      discount: { __typename: "DiscountAutomaticApp", discountId: discount.discountId, title: discount.title, status: this.status(discount) },
    }));
    const end = start + page.length;
    return {
      kind: "discountNodes",
      data: { discountNodes: { nodes, pageInfo: { hasNextPage: end < matching.length, endCursor: page.length > 0 ? String(end) : null } } },
    };
  }
}
